/**
 * Face enrolment and its review by an admin. Types are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.enrollment;

import org.jspecify.annotations.NullMarked;
