package io.faceattend.gateway.cli;

import io.faceattend.gateway.DevCertificate;
import io.faceattend.gateway.GatewayConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code faceattend dev-cert}: a self-signed certificate for local HTTPS. */
@Command(
    name = "dev-cert",
    mixinStandardHelpOptions = true,
    description =
        "Write a self-signed certificate and key (PEM) for local HTTPS; then start with "
            + "FACEATTEND_TLS_CERT and FACEATTEND_TLS_KEY set to the printed paths. Development only:"
            + " clients must be told to trust it.")
final class DevCertCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(
      names = "--out",
      description = "Directory for cert.pem and key.pem (default: <data dir>/tls)")
  Path out;

  @CommandLine.Option(
      names = "--host",
      description =
          "Host name or address the certificate is for (repeatable; default localhost"
              + " and 127.0.0.1)")
  List<String> hosts;

  @CommandLine.Option(names = "--days", defaultValue = "365", description = "Validity in days")
  int days;

  @Override
  public Integer call() throws Exception {
    Path directory =
        out != null
            ? out
            : Path.of(System.getenv().getOrDefault("FACEATTEND_DATA_DIR", "data")).resolve("tls");
    if (days < 1 || days > 3650) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--days must be 1-3650");
    }
    List<String> names =
        hosts == null || hosts.isEmpty() ? List.of("localhost", "127.0.0.1") : hosts;
    GatewayConfig.Tls tls = DevCertificate.generate(directory.toAbsolutePath(), names, days);
    var printer = spec.commandLine().getOut();
    printer.println("Self-signed certificate for " + String.join(", ", names) + ":");
    printer.println("  FACEATTEND_TLS_CERT=" + tls.certificate());
    printer.println("  FACEATTEND_TLS_KEY=" + tls.privateKey());
    printer.flush();
    return 0;
  }
}
