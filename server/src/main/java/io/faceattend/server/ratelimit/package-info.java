/**
 * Request rate limits per category of RPC (seed 001's table), per client address and per account,
 * counted in PostgreSQL so that every gateway node shares them. Types are non-null unless annotated
 * {@code @Nullable}.
 */
@NullMarked
package io.faceattend.server.ratelimit;

import org.jspecify.annotations.NullMarked;
