-- People who sign in. user_status values are the mobile contract's (seed 000):
-- first_login (no face enrolled yet), pending (enrolled, awaiting approval), active, blocked.
create table users (
    id              bigint generated always as identity primary key,
    username        text        not null,
    email           text        not null,
    name            text        not null,
    role            text        not null check (role in ('admin', 'manager', 'employee')),
    status          text        not null default 'first_login'
                                check (status in ('first_login', 'pending', 'active', 'blocked')),
    password_hash   text        not null,
    -- set once the user has enrolled a face at least once; is_first_login is its negation
    face_enrolled_at timestamptz,
    -- soft delete: a deactivated user keeps their history but can no longer sign in
    deactivated_at  timestamptz,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    constraint users_username_not_blank check (length(trim(username)) > 0),
    constraint users_email_not_blank check (length(trim(email)) > 0)
);
-- case-insensitive uniqueness: "Ahmed" and "ahmed" are the same login
create unique index users_username_key on users (lower(username));
create unique index users_email_key on users (lower(email));

-- A sign-in session = one refresh-token family. Access tokens carry the session id,
-- so revoking the session (logout, reuse of a rotated token) stops both kinds of token.
create table auth_sessions (
    id              uuid        primary key,
    user_id         bigint      not null references users (id) on delete cascade,
    created_at      timestamptz not null default now(),
    last_refreshed_at timestamptz,
    revoked_at      timestamptz,
    revoked_reason  text check (revoked_reason in ('logout', 'refresh_token_reuse', 'admin', 'user_deactivated')),
    client_ip       text,
    user_agent      text
);
create index auth_sessions_user_idx on auth_sessions (user_id);

-- Refresh tokens, stored as SHA-256 digests only. Each refresh marks the presented token used
-- and issues a new one in the same family.
create table refresh_tokens (
    id              bigint generated always as identity primary key,
    family_id       uuid        not null references auth_sessions (id) on delete cascade,
    token_hash      bytea       not null unique,
    issued_at       timestamptz not null default now(),
    expires_at      timestamptz not null,
    used            boolean     not null default false,
    used_at         timestamptz,
    revoked         boolean     not null default false
);
create index refresh_tokens_family_idx on refresh_tokens (family_id);

-- Every login attempt, successful or not, with the device location when the app sends it.
create table login_events (
    id              bigint generated always as identity primary key,
    user_id         bigint      references users (id) on delete set null,
    login_name      text        not null,
    succeeded       boolean     not null,
    failure_code    text,
    latitude        double precision,
    longitude       double precision,
    client_ip       text,
    user_agent      text,
    created_at      timestamptz not null default now()
);
create index login_events_name_time_idx on login_events (lower(login_name), created_at);
create index login_events_user_idx on login_events (user_id, created_at);

-- Who did what, when, from where. Written for every admin action and every account change.
create table audit_log (
    id              bigint generated always as identity primary key,
    actor_user_id   bigint      references users (id) on delete set null,
    -- 'user', 'cli', 'system': who acted when there is no signed-in actor
    actor_kind      text        not null default 'user' check (actor_kind in ('user', 'cli', 'system')),
    action          text        not null,
    target_type     text,
    target_id       text,
    details         jsonb       not null default '{}'::jsonb,
    client_ip       text,
    created_at      timestamptz not null default now()
);
create index audit_log_time_idx on audit_log (created_at);
create index audit_log_actor_idx on audit_log (actor_user_id, created_at);
create index audit_log_target_idx on audit_log (target_type, target_id);
