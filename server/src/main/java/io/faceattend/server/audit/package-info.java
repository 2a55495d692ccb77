/**
 * The audit log, written in the transaction of each change, and its queries. Types are non-null
 * unless annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.audit;

import org.jspecify.annotations.NullMarked;
