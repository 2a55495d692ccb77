package io.faceattend.server.grpc;

import io.faceattend.db.jooq.tables.records.UsersRecord;
import io.faceattend.proto.v1.User;

/** Database rows to contract messages. */
final class Messages {

  private Messages() {}

  static User user(UsersRecord row) {
    return User.newBuilder()
        .setId(row.getId())
        .setName(row.getName())
        .setUsername(row.getUsername())
        .setEmail(row.getEmail())
        .build();
  }
}
