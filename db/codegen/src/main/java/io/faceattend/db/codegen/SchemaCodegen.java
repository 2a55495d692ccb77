package io.faceattend.db.codegen;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Generates the jOOQ classes from the Flyway migrations, on a real (throwaway, embedded)
 * PostgreSQL, so the generated code sees exactly the schema production runs. Skips the work when
 * the migrations have not changed since the last run (a digest is kept beside the output).
 *
 * <p>Usage: {@code SchemaCodegen <migrations dir> <output dir> <package>}
 */
public final class SchemaCodegen {

  /**
   * Status columns and the enum each maps to (db/schema's io.faceattend.db.types): jOOQ's enum
   * converter stores the enum's literal, the text the column holds today, so no migration is
   * needed.
   */
  private static final List<String[]> STATUS_COLUMNS =
      List.of(
          new String[] {"users\\.status", "UserStatus"},
          new String[] {"enrollments\\.status", "EnrollmentStatus"},
          new String[] {"absence_requests\\.status", "AbsenceStatus"},
          new String[] {"webhook_deliveries\\.status", "DeliveryStatus"},
          new String[] {"notifications\\.status", "NotificationStatus"});

  private SchemaCodegen() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      throw new IllegalArgumentException(
          "usage: SchemaCodegen <migrations dir> <output dir> <package>");
    }
    Path migrations = Path.of(args[0]).toAbsolutePath();
    Path output = Path.of(args[1]).toAbsolutePath();
    String packageName = args[2];

    // the forced types are part of what is generated: a change to them regenerates too
    String digest =
        digestOf(
            migrations,
            STATUS_COLUMNS.stream()
                .map(column -> String.join("=", column) + ";")
                .toList()
                .toString());
    Path stamp = output.resolve(".migrations.sha256");
    if (Files.exists(stamp) && Files.readString(stamp).equals(digest)) {
      System.out.println("[codegen] jOOQ classes are up to date with " + migrations);
      return;
    }

    Path pgDir = Files.createTempDirectory("faceattend-codegen-pg");
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(pgDir).start()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      Flyway.configure()
          .dataSource(url, "postgres", "postgres")
          .locations("filesystem:" + migrations)
          .load()
          .migrate();

      Configuration configuration =
          new Configuration()
              .withJdbc(
                  new Jdbc()
                      .withDriver("org.postgresql.Driver")
                      .withUrl(url)
                      .withUser("postgres")
                      .withPassword("postgres"))
              .withGenerator(
                  new Generator()
                      .withDatabase(
                          new Database()
                              .withName("org.jooq.meta.postgres.PostgresDatabase")
                              .withInputSchema("public")
                              .withExcludes("flyway_schema_history")
                              .withForcedTypes(forcedTypes()))
                      .withGenerate(
                          new Generate()
                              .withJavaTimeTypes(true)
                              .withRecords(true)
                              .withPojos(false)
                              .withFluentSetters(true))
                      .withTarget(
                          new Target()
                              .withPackageName(packageName)
                              .withDirectory(output.toString())));
      GenerationTool.generate(configuration);
    }
    Files.writeString(stamp, digest);
    System.out.println("[codegen] generated jOOQ classes into " + output);
  }

  private static List<ForcedType> forcedTypes() {
    return STATUS_COLUMNS.stream()
        .map(
            column ->
                new ForcedType()
                    .withIncludeExpression(column[0])
                    .withUserType("io.faceattend.db.types." + column[1])
                    .withEnumConverter(true))
        .toList();
  }

  /** SHA-256 over the names and contents of the migration files, in order, and the extra text. */
  private static String digestOf(Path migrations, String extra) throws IOException {
    try (Stream<Path> files = Files.list(migrations)) {
      List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(extra.getBytes(StandardCharsets.UTF_8));
      for (Path file : sorted) {
        sha.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
        sha.update(Files.readAllBytes(file));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
