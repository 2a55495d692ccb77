/**
 * GDPR: export of everything held about a person, and erasure. Types are non-null unless annotated
 * {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.privacy;

import org.jspecify.annotations.NullMarked;
