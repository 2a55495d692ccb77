/**
 * People and departments administration, CSV import, the manager's scope. Types are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.people;

import org.jspecify.annotations.NullMarked;
