/**
 * The REST adapter: routes from google.api.http, the seed's JSON style, REST errors. Types are
 * non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.faceattend.gateway.rest;

import org.jspecify.annotations.NullMarked;
