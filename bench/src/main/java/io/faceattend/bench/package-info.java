/**
 * JMH benchmarks (run with -Pbench; results in docs/benchmarks.md). Types are non-null unless
 * annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.bench;

import org.jspecify.annotations.NullMarked;
