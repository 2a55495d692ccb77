package io.faceattend.gateway.cli;

import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.Database;
import io.faceattend.db.jooq.tables.records.UsersRecord;
import io.faceattend.gateway.observability.Logs;
import io.faceattend.proto.v1.ListUsersResponse;
import io.faceattend.proto.v1.Person;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.audit.Store;
import io.faceattend.server.auth.Caller;
import io.faceattend.server.auth.PasswordHasher;
import io.faceattend.server.config.ServerConfig;
import io.faceattend.server.people.People;
import io.faceattend.server.users.Roles;
import io.faceattend.server.users.UserAccounts;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code faceattend user ...}: account administration from the command line, audited as {@code
 * cli}. Works while {@code faceattend serve} runs (it connects to the running server's embedded
 * PostgreSQL, see {@link Database#openShared}) and while it is stopped (it starts the embedded
 * database itself).
 */
// INHERIT: every subcommand gets the standard --help and --version too
@Command(
    name = "user",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    description = "Manage user accounts.",
    subcommands = {
      UserCommand.Add.class,
      UserCommand.ListUsers.class,
      UserCommand.ResetPassword.class,
      UserCommand.SetRole.class,
      UserCommand.Deactivate.class,
      UserCommand.Reactivate.class
    })
final class UserCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The database and the domain objects one command needs; closed when the command ends. */
  private static final class Session implements AutoCloseable {
    final Database database;
    final People people;
    final UserAccounts accounts;

    Session() {
      Logs.quietForCommands();
      this.database = Database.openShared(ServerConfig.fromEnvironment().database());
      Store store = Store.of(database.dsl(), Clock.systemUTC());
      this.accounts = new UserAccounts(store, new PasswordHasher());
      this.people = new People(store, accounts);
    }

    /** A user given by id or login name, deactivated ones included. */
    UsersRecord resolve(String idOrUsername) {
      DSLContext db = database.dsl();
      var condition =
          idOrUsername.matches("\\d{1,18}")
              ? USERS.ID.eq(Long.parseLong(idOrUsername))
              : DSL.lower(USERS.USERNAME).eq(idOrUsername.toLowerCase(Locale.ROOT));
      return db.selectFrom(USERS)
          .where(condition)
          .fetchOptional()
          .orElseThrow(() -> new CliErrors.CliException("no user " + idOrUsername));
    }

    @Override
    public void close() {
      database.close();
    }
  }

  /** Commands acting on one existing user. */
  private abstract static class OnUser implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "USER", description = "User id or login name")
    String user;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() {
      try (Session session = new Session()) {
        UsersRecord target = session.resolve(user);
        String done = apply(session, target);
        spec.commandLine()
            .getOut()
            .println(done + ": " + target.getUsername() + " (id " + target.getId() + ")");
        return 0;
      }
    }

    abstract String apply(Session session, UsersRecord target);
  }

  @Command(name = "add", description = "Create a user.")
  static final class Add implements Callable<Integer> {

    @Option(
        names = "--username",
        required = true,
        description = "Login name (3-64 of A-Z a-z 0-9 . _ -)")
    String username;

    @Option(names = "--password", required = true, description = "At least 8 characters")
    String password;

    @Option(names = "--name", required = true, description = "Display name")
    String name;

    @Option(names = "--email", required = true, description = "E-mail address")
    String email;

    @Option(names = "--role", required = true, description = "admin, manager or employee")
    String role;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      var parsedRole = parseRole(role);
      try (Session session = new Session()) {
        UsersRecord user =
            session.accounts.create(
                new UserAccounts.NewUser(username, password, name, email, parsedRole),
                AuditLog.Actor.cli());
        spec.commandLine()
            .getOut()
            .println(
                "Created user "
                    + user.getUsername()
                    + " (id "
                    + user.getId()
                    + ", role "
                    + user.getRole()
                    + ")");
        return 0;
      }
    }
  }

  @Command(
      name = "list",
      description = "List users (active ones unless " + "--status deactivated).")
  static final class ListUsers implements Callable<Integer> {

    @Option(names = "--role", description = "admin, manager or employee")
    String role;

    @Option(
        names = "--status",
        description = "first_login, pending, active, blocked or deactivated")
    String status;

    @Option(names = "--search", description = "Part of a name, e-mail, login name or employee id")
    String search;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Session session = new Session()) {
        out.printf(
            "%-8s %-24s %-9s %-12s %-28s %s%n",
            "ID", "USERNAME", "ROLE", "STATUS", "NAME", "EMAIL");
        int page = 1;
        ListUsersResponse result;
        do {
          result =
              session.people.list(
                  Caller.commandLine(), new People.Filter(role, 0, status, search, page++, 100));
          for (Person p : result.getResultsList()) {
            out.printf(
                "%-8d %-24s %-9s %-12s %-28s %s%n",
                p.getId(), p.getUsername(), p.getRole(), p.getStatus(), p.getName(), p.getEmail());
          }
        } while ((long) result.getPage() * result.getPageSize() < result.getCount());
        out.println(result.getCount() + " user(s)");
        return 0;
      }
    }
  }

  @Command(name = "reset-password", description = "Set a new password and end the user's sessions.")
  static final class ResetPassword extends OnUser {
    @Option(
        names = "--password",
        required = true,
        description = "The new password (at least 8 characters)")
    String password;

    @Override
    String apply(Session session, UsersRecord target) {
      session.people.resetPassword(Caller.commandLine(), target.getId(), password);
      return "Password reset, sessions ended";
    }
  }

  @Command(name = "set-role", description = "Change a user's role.")
  static final class SetRole extends OnUser {
    @Parameters(index = "1", paramLabel = "ROLE", description = "admin, manager or employee")
    String role;

    @Override
    String apply(Session session, UsersRecord target) {
      parseRole(role);
      session.people.update(
          Caller.commandLine(),
          target.getId(),
          new People.Profile(null, null, role, null, null, null));
      return "Role set to " + role.toLowerCase(Locale.ROOT);
    }
  }

  @Command(
      name = "deactivate",
      description = "Deactivate a user (history kept, sessions ended, cannot sign in).")
  static final class Deactivate extends OnUser {
    @Override
    String apply(Session session, UsersRecord target) {
      session.people.deactivate(Caller.commandLine(), target.getId());
      return "Deactivated";
    }
  }

  @Command(name = "reactivate", description = "Undo a deactivation: the user can sign in again.")
  static final class Reactivate extends OnUser {
    @Override
    String apply(Session session, UsersRecord target) {
      session.people.reactivate(Caller.commandLine(), target.getId());
      return "Reactivated";
    }
  }

  private static Role parseRole(String role) {
    try {
      return Roles.parse(role);
    } catch (IllegalArgumentException e) {
      throw new CliErrors.CliException(e.getMessage());
    }
  }
}
