package io.faceattend.server.identification;

import static io.faceattend.db.jooq.Tables.IDENTIFICATION_CHANGES;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's {@link IdentificationIndex} in step with PostgreSQL, and so with every other
 * node.
 *
 * <p>Database triggers (V40) append each change that concerns identification to {@code
 * identification_changes} (a sequence number and a user id) and NOTIFY {@code
 * identification_changes}. This node LISTENs on one pooled connection and, on a notification (or
 * every poll interval, in case one was missed while reconnecting), applies every row after the last
 * sequence number it applied: it reloads that person from the database and puts them in, or takes
 * them out of, the index. Reloading instead of shipping templates in the notification keeps the
 * templates off the wire and makes a repeated or out-of-order change harmless.
 */
public final class GallerySync implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GallerySync.class);
  private static final String CHANNEL = "identification_changes";
  private static final int BATCH = 10_000;

  private final DSLContext db;
  private final DataSource dataSource;
  private final Gallery gallery;
  private final IdentificationIndex index;
  private final Duration pollInterval;
  private final Thread listener;
  private volatile boolean closed;
  private long appliedSeq;

  private GallerySync(
      DSLContext db,
      DataSource dataSource,
      Gallery gallery,
      IdentificationIndex index,
      long appliedSeq,
      Duration pollInterval) {
    this.db = db;
    this.dataSource = dataSource;
    this.gallery = gallery;
    this.index = index;
    this.appliedSeq = appliedSeq;
    this.pollInterval = pollInterval;
    this.listener =
        Thread.ofPlatform().daemon().name("identification-sync").unstarted(this::listen);
  }

  /** Builds the index from the database and starts following changes. */
  public static GallerySync start(
      DSLContext db,
      DataSource dataSource,
      Gallery gallery,
      int dimension,
      IdentificationIndex.Settings settings,
      Duration pollInterval) {
    // read the position first: a change committed while the gallery loads is applied again, never
    // lost
    long position = lastSeq(db);
    IdentificationIndex index = IdentificationIndex.build(gallery.loadAll(), dimension, settings);
    GallerySync sync = new GallerySync(db, dataSource, gallery, index, position, pollInterval);
    sync.listener.start();
    return sync;
  }

  public IdentificationIndex index() {
    return index;
  }

  /** Applies every change after the last applied one; returns how many people were reloaded. */
  public synchronized int catchUp() {
    int reloaded = 0;
    while (true) {
      var rows =
          db.select(IDENTIFICATION_CHANGES.SEQ, IDENTIFICATION_CHANGES.USER_ID)
              .from(IDENTIFICATION_CHANGES)
              .where(IDENTIFICATION_CHANGES.SEQ.gt(appliedSeq))
              .orderBy(IDENTIFICATION_CHANGES.SEQ)
              .limit(BATCH)
              .fetch();
      if (rows.isEmpty()) {
        return reloaded;
      }
      Set<Long> people = new LinkedHashSet<>(rows.getValues(IDENTIFICATION_CHANGES.USER_ID));
      for (long userId : people) {
        List<float[]> templates = gallery.load(userId);
        if (templates.isEmpty()) {
          index.remove(userId);
        } else {
          index.put(userId, templates);
        }
      }
      reloaded += people.size();
      appliedSeq = rows.get(rows.size() - 1).value1();
      if (rows.size() < BATCH) {
        return reloaded;
      }
    }
  }

  /** The last change this node has applied. */
  public synchronized long appliedSeq() {
    return appliedSeq;
  }

  private void listen() {
    while (!closed) {
      try (Connection connection = dataSource.getConnection()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        if (!connection.getAutoCommit()) {
          connection.commit();
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        catchUp(); // anything committed before LISTEN took effect
        while (!closed) {
          // returns on a notification or after the poll interval; either way, read the change table
          pg.getNotifications((int) Math.max(1, pollInterval.toMillis()));
          if (!closed) {
            catchUp();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.warn("identification sync: {}; retrying in 1 s", e.toString());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  private static long lastSeq(DSLContext db) {
    Long max =
        db.select(DSL.max(IDENTIFICATION_CHANGES.SEQ))
            .from(IDENTIFICATION_CHANGES)
            .fetchOne()
            .value1();
    return max == null ? 0 : max;
  }

  @Override
  public void close() {
    closed = true;
    listener.interrupt();
    try {
      listener.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
