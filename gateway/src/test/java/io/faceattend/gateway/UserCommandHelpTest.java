package io.faceattend.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.gateway.cli.FaceAttendCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code faceattend user ...}: every subcommand has --help and --version (inherited from user). */
class UserCommandHelpTest {

  @Test
  void everyUserSubcommandAnswersHelpWithItsOwnDescription() {
    CommandLine user = new CommandLine(new FaceAttendCli()).getSubcommands().get("user");
    assertThat(user.getSubcommands().keySet())
        .containsExactly("add", "list", "reset-password", "set-role", "deactivate", "reactivate");
    for (String name : user.getSubcommands().keySet()) {
      StringWriter out = new StringWriter();
      CommandLine cli = new CommandLine(new FaceAttendCli()).setOut(new PrintWriter(out));
      assertThat(cli.execute("user", name, "--help")).as(name).isZero();
      String description =
          String.join(
              " ", user.getSubcommands().get(name).getCommandSpec().usageMessage().description());
      assertThat(out.toString())
          .as(name)
          .contains("faceattend user " + name, description, "--help", "--version");
    }
  }
}
