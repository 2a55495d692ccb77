package io.faceattend.gateway.cli;

import io.faceattend.db.jooq.tables.records.UsersRecord;
import io.faceattend.db.Database;
import io.faceattend.server.auth.PasswordHasher;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.config.ServerConfig;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.users.Roles;
import io.faceattend.server.users.UserAccounts;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code faceattend user ...}: account administration from the command line. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage user accounts.",
    subcommands = {UserCommand.Add.class})
final class UserCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Create a user in the configured database. With the embedded database, run it while the "
          + "server is stopped (the embedded PostgreSQL serves one process at a time).")
  static final class Add implements Callable<Integer> {

    @Option(names = "--username", required = true, description = "Login name (3-64 of A-Z a-z 0-9 . _ -)")
    String username;

    @Option(names = "--password", required = true, description = "At least 8 characters")
    String password;

    @Option(names = "--name", required = true, description = "Display name")
    String name;

    @Option(names = "--email", required = true, description = "E-mail address")
    String email;

    @Option(names = "--role", required = true, description = "admin, manager or employee")
    String role;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      var parsedRole = parseRole();
      if (parsedRole == null) {
        return 2;
      }
      // only the database: account administration needs no face engine
      try (Database database = Database.open(ServerConfig.fromEnvironment().database())) {
        UserAccounts accounts = new UserAccounts(database.dsl(), new PasswordHasher(), new AuditLog());
        UsersRecord user = accounts.create(
            new UserAccounts.NewUser(username, password, name, email, parsedRole), AuditLog.Actor.cli());
        System.out.println("Created user " + user.getUsername() + " (id " + user.getId() + ", role "
            + user.getRole() + ")");
        return 0;
      } catch (ApiException e) {
        spec.commandLine().getErr().println("Error (" + e.errorCode().code() + "): " + e.getMessage());
        return 1;
      }
    }

    private io.faceattend.proto.v1.Role parseRole() {
      try {
        return Roles.parse(role);
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("Error: " + e.getMessage());
        return null;
      }
    }
  }
}
