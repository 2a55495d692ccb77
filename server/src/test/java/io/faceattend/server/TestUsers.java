package io.faceattend.server;

import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.jooq.tables.records.UsersRecord;
import io.faceattend.db.types.UserStatus;
import org.jooq.DSLContext;
import org.jooq.InsertSetMoreStep;

/** People inserted straight into the users table for server tests (name = username). */
public final class TestUsers {

  private TestUsers() {}

  /** A user with the table's default status. */
  public static long insert(DSLContext db, String username, String role) {
    return row(db, username, role).returning(USERS.ID).fetchSingle().getId();
  }

  /** A user with the given status. */
  public static long insert(DSLContext db, String username, String role, UserStatus status) {
    return row(db, username, role)
        .set(USERS.STATUS, status)
        .returning(USERS.ID)
        .fetchSingle()
        .getId();
  }

  private static InsertSetMoreStep<UsersRecord> row(DSLContext db, String username, String role) {
    return db.insertInto(USERS)
        .set(USERS.USERNAME, username)
        .set(USERS.EMAIL, username + "@co.com")
        .set(USERS.NAME, username)
        .set(USERS.ROLE, role)
        .set(USERS.PASSWORD_HASH, "x");
  }
}
