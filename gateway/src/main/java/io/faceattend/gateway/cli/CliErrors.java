package io.faceattend.gateway.cli;

import io.faceattend.db.DatabaseInUseException;
import io.faceattend.server.config.ConfigException;
import io.faceattend.server.error.ApiException;
import java.net.BindException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Turns any failure of a command into one line on stderr and a non-zero exit: a command line is no
 * place for a stack trace (it goes to the debug log, {@code FACEATTEND_LOG_LEVEL=debug}).
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(CliErrors.class);

  @Override
  public int handleExecutionException(
      Exception e, CommandLine command, CommandLine.ParseResult parsed) {
    log.debug("{} failed", command.getCommandName(), e);
    command.getErr().println(message(e));
    return e instanceof ApiException ? 1 : 2;
  }

  static String message(Throwable e) {
    if (e instanceof ApiException api) {
      return "Error (" + api.errorCode().code() + "): " + api.getMessage();
    }
    if (e instanceof ConfigException) {
      return "Configuration error: " + e.getMessage();
    }
    if (e instanceof DatabaseInUseException || e instanceof CliException) {
      return "Error: " + e.getMessage();
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return "Error: a port is already in use (" + cause.getMessage() + ")";
      }
      if (cause instanceof DatabaseInUseException || cause instanceof ConfigException) {
        return message(cause);
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return "Error: "
        + (e.getMessage() != null && root != e ? e.getMessage() + ": " + detail : detail);
  }

  /** A failure whose message is the whole story for the operator. */
  static final class CliException extends RuntimeException {
    CliException(String message) {
      super(message);
    }
  }
}
