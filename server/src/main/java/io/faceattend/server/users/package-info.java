/**
 * User accounts: the one writer of users and the one validator of their fields. Types are non-null
 * unless annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.users;

import org.jspecify.annotations.NullMarked;
