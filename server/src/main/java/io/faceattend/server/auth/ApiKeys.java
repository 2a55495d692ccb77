package io.faceattend.server.auth;

import static io.faceattend.db.jooq.Tables.API_KEYS;
import static io.faceattend.db.jooq.Tables.SITES;

import io.faceattend.db.jooq.tables.records.ApiKeysRecord;
import io.faceattend.proto.v1.AccessPolicy;
import io.faceattend.proto.v1.ApiKey;
import io.faceattend.proto.v1.MachineScope;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.audit.Store;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.impl.DSL;

/**
 * Machine credentials. A key is {@code fa_} plus 256 random bits (URL-safe base64), shown once when
 * created; only its SHA-256 digest is stored (the key is too random to guess, so a fast digest is
 * enough), and its first characters ({@code prefix}) identify it in lists. A key holds scopes
 * ({@link MachineScope}) and may be bound to a site; an RPC admits it when its access option lists
 * one of those scopes. Creation and revocation are audited.
 */
public record ApiKeys(Store store) {

  private static final String KEY_PREFIX = "fa_";
  private static final int PREFIX_LENGTH = KEY_PREFIX.length() + 8;
  private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new key: the secret (shown once) and how it is listed. */
  public record Created(String secret, ApiKey key) {}

  public Created create(
      AuditLog.Actor actor, String name, Collection<MachineScope> scopes, Long siteId) {
    String trimmed = name == null ? "" : name.trim();
    if (trimmed.isEmpty()) {
      throw ApiException.missingField("name");
    }
    if (trimmed.length() > 100) {
      throw ApiException.invalid("name must be at most 100 characters");
    }
    Set<MachineScope> wanted = EnumSet.noneOf(MachineScope.class);
    for (MachineScope scope : scopes) {
      if (scope == MachineScope.MACHINE_SCOPE_UNSPECIFIED || scope == MachineScope.UNRECOGNIZED) {
        throw ApiException.invalid("scopes must be kiosk, camera, partner_verify or reports_read");
      }
      wanted.add(scope);
    }
    if (wanted.isEmpty()) {
      throw ApiException.missingField("scopes");
    }
    String secret = newSecret();
    ApiKeysRecord row =
        store.transactionResult(
            tx -> {
              if (siteId != null && !tx.fetchExists(SITES, SITES.ID.eq(siteId))) {
                throw new ApiException(ErrorCode.NOT_FOUND, "Site " + siteId + " does not exist");
              }
              ApiKeysRecord created =
                  tx.insertInto(API_KEYS)
                      .set(API_KEYS.NAME, trimmed)
                      .set(API_KEYS.PREFIX, secret.substring(0, PREFIX_LENGTH))
                      .set(API_KEYS.KEY_HASH, digest(secret))
                      .set(API_KEYS.SCOPES, toDb(wanted))
                      .set(API_KEYS.SITE_ID, siteId)
                      .set(API_KEYS.CREATED_BY, actor.userId())
                      .set(API_KEYS.CREATED_AT, store.now())
                      .returning()
                      .fetchOne();
              Map<String, Object> details = new LinkedHashMap<>();
              details.put("name", trimmed);
              details.put("scopes", List.of(toDb(wanted)));
              details.put("site_id", siteId);
              store.audit(tx, actor, "api_key.create", "api_key", created.getId(), details);
              return created;
            });
    return new Created(secret, toProto(row));
  }

  public List<ApiKey> list(boolean includeRevoked) {
    return store
        .db()
        .selectFrom(API_KEYS)
        .where(includeRevoked ? DSL.noCondition() : API_KEYS.REVOKED_AT.isNull())
        .orderBy(API_KEYS.CREATED_AT.desc(), API_KEYS.ID.desc())
        .fetch(ApiKeys::toProto);
  }

  /** Revokes a key at once; revoking a revoked key is a no-op that answers the key as it is. */
  public ApiKey revoke(AuditLog.Actor actor, long id) {
    return toProto(
        store.transactionResult(
            tx -> {
              ApiKeysRecord row =
                  tx.selectFrom(API_KEYS).where(API_KEYS.ID.eq(id)).forUpdate().fetchOne();
              if (row == null) {
                throw new ApiException(ErrorCode.NOT_FOUND, "API key " + id + " does not exist");
              }
              if (row.getRevokedAt() == null) {
                row.setRevokedAt(store.now());
                row.setRevokedBy(actor.userId());
                row.store();
                store.audit(
                    tx, actor, "api_key.revoke", "api_key", id, Map.of("name", row.getName()));
              }
              return row;
            }));
  }

  /**
   * The machine a presented key belongs to, if the key exists, is not revoked and holds one of the
   * scopes {@code policy} admits; otherwise 401 (unknown or revoked) or 403 (wrong scope).
   */
  public MachinePrincipal authenticate(String secret, AccessPolicy policy) {
    ApiKeysRecord row =
        secret == null || !secret.startsWith(KEY_PREFIX)
            ? null
            : store
                .db()
                .selectFrom(API_KEYS)
                .where(API_KEYS.KEY_HASH.eq(digest(secret)))
                .fetchOne();
    if (row == null || row.getRevokedAt() != null) {
      throw new ApiException(ErrorCode.INVALID_API_KEY, "The API key is unknown or revoked");
    }
    Set<MachineScope> scopes = fromDb(row.getScopes());
    if (policy.getMachineScopesList().stream().noneMatch(scopes::contains)) {
      throw new ApiException(ErrorCode.FORBIDDEN, "This API key's scopes do not allow this");
    }
    OffsetDateTime now = store.now();
    if (row.getLastUsedAt() == null
        || row.getLastUsedAt().isBefore(now.minus(LAST_USED_RESOLUTION))) {
      store
          .db()
          .update(API_KEYS)
          .set(API_KEYS.LAST_USED_AT, now)
          .where(API_KEYS.ID.eq(row.getId()))
          .execute();
    }
    return new MachinePrincipal(row.getId(), row.getName(), scopes, row.getSiteId());
  }

  /** kiosk for MACHINE_SCOPE_KIOSK: the name stored in the database and shown in JSON. */
  static String scopeName(MachineScope scope) {
    return scope.name().substring("MACHINE_SCOPE_".length()).toLowerCase(Locale.ROOT);
  }

  private static String[] toDb(Set<MachineScope> scopes) {
    return scopes.stream().map(ApiKeys::scopeName).sorted().toArray(String[]::new);
  }

  private static Set<MachineScope> fromDb(String[] names) {
    return Arrays.stream(names)
        .map(name -> MachineScope.valueOf("MACHINE_SCOPE_" + name.toUpperCase(Locale.ROOT)))
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(MachineScope.class)));
  }

  private static ApiKey toProto(ApiKeysRecord row) {
    ApiKey.Builder key =
        ApiKey.newBuilder()
            .setId(row.getId())
            .setName(row.getName())
            .setPrefix(row.getPrefix())
            .addAllScopes(fromDb(row.getScopes()))
            .setCreatedAt(row.getCreatedAt().toString());
    if (row.getSiteId() != null) {
      key.setSiteId(row.getSiteId());
    }
    if (row.getCreatedBy() != null) {
      key.setCreatedBy(row.getCreatedBy());
    }
    if (row.getLastUsedAt() != null) {
      key.setLastUsedAt(row.getLastUsedAt().toString());
    }
    if (row.getRevokedAt() != null) {
      key.setRevokedAt(row.getRevokedAt().toString());
    }
    return key.build();
  }

  private static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] digest(String secret) {
    return TokenService.digest(secret);
  }
}
