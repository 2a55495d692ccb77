/**
 * Passwords, tokens, sessions, the access interceptor and the {@link
 * io.faceattend.server.auth.Caller}. Types are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.auth;

import org.jspecify.annotations.NullMarked;
