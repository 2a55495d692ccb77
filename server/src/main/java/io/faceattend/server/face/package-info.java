/**
 * What enrolment and punches ask of the face engine. Types are non-null unless annotated
 * {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.face;

import org.jspecify.annotations.NullMarked;
