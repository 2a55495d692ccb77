-- Self-registration (FACEATTEND_REGISTRATION=invite): single-use invite codes issued by an admin, stored as
-- SHA-256 digests only. email, when set, is the only address that may use the code.
create table registration_invites (
    id              bigint generated always as identity primary key,
    code_hash       bytea       not null unique,
    email           text,
    created_by      bigint      references users (id) on delete set null,
    created_at      timestamptz not null default now(),
    expires_at      timestamptz not null,
    used_at         timestamptz,
    used_by         bigint      references users (id) on delete set null
);

-- E-mail verification (sent when SMTP is configured): one pending token per message, as a SHA-256 digest.
alter table users add column email_verified_at timestamptz;
create table email_verifications (
    token_hash      bytea       primary key,
    user_id         bigint      not null references users (id) on delete cascade,
    email           text        not null,
    expires_at      timestamptz not null,
    created_at      timestamptz not null default now()
);
create index email_verifications_user_idx on email_verifications (user_id);

-- Consent to the processing of biometric data, captured at each enrolment: which text the person accepted
-- (its version) and when. Kept after erasure (the proof of lawful processing), under the pseudonym.
create table user_consents (
    id              bigint generated always as identity primary key,
    user_id         bigint      not null references users (id) on delete cascade,
    kind            text        not null check (kind in ('biometric_enrolment')),
    text_version    text        not null check (length(trim(text_version)) between 1 and 50),
    enrollment_id   bigint      references enrollments (id) on delete set null,
    accepted_at     timestamptz not null default now(),
    client_ip       text
);
create index user_consents_user_idx on user_consents (user_id, accepted_at);

-- GDPR erasure: the moment a person's personal data was destroyed (the row stays, pseudonymised, so that
-- attendance and payroll kept for legal retention still add up). An erased user is also deactivated.
alter table users add column erased_at timestamptz;

-- Request rate limits per category (authentication, face verification, reports, everything else), shared by
-- every gateway node: one fixed-window counter per (category, client address or account). A single upsert
-- counts a request atomically, so several nodes never let more through than the limit.
create table rate_limit_counters (
    bucket_key        text        primary key,
    window_started_at timestamptz not null,
    hits              integer     not null
);
create index rate_limit_counters_window_idx on rate_limit_counters (window_started_at);
