/**
 * Webhook subscriptions, signed deliveries with retries and backoff. Types are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.webhooks;

import org.jspecify.annotations.NullMarked;
