-- Machine credentials: API keys for kiosks, cameras, partners and report readers. Only the SHA-256 digest of
-- the (256-bit random) key is stored; prefix is its first characters, shown in lists to recognise it.
create table api_keys (
    id              bigint generated always as identity primary key,
    name            text        not null check (length(trim(name)) between 1 and 100),
    prefix          text        not null,
    key_hash        bytea       not null unique,
    -- kiosk, camera, partner_verify, reports_read
    scopes          text[]      not null check (cardinality(scopes) > 0),
    site_id         bigint      references sites (id) on delete cascade,
    created_by      bigint      references users (id) on delete set null,
    created_at      timestamptz not null default now(),
    last_used_at    timestamptz,
    revoked_at      timestamptz,
    revoked_by      bigint      references users (id) on delete set null
);
create index api_keys_created_idx on api_keys (created_at desc);

-- audit rows of actions taken with a machine credential name it
alter table audit_log add column actor_api_key_id bigint references api_keys (id) on delete set null;
alter table audit_log drop constraint audit_log_actor_kind_check;
alter table audit_log add constraint audit_log_actor_kind_check
    check (actor_kind in ('user', 'cli', 'system', 'api_key'));
