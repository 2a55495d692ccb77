/**
 * Payroll periods computed from attendance days. Types are non-null unless annotated
 * {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.payroll;

import org.jspecify.annotations.NullMarked;
