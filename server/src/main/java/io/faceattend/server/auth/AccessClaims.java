package io.faceattend.server.auth;

import java.time.Instant;
import java.util.UUID;

/**
 * What a verified access token says: who, in which session, until when. The role is not trusted
 * from the token: the interceptor reads the current one from the database.
 */
public record AccessClaims(long userId, UUID sessionId, Instant expiresAt) {}
