/**
 * Contacts, planned notifications and their senders (e-mail, push). Types are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.notifications;

import org.jspecify.annotations.NullMarked;
