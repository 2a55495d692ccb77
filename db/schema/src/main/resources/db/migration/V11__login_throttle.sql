-- Login throttling per account and source address, shared by every gateway node. account_key is 'user:<id>'
-- for a known account (so its username and e-mail share one limit), 'name:<lower-case login>' otherwise.
-- attempts counts the failed and in-flight password checks of the current window; each attempt reserves its
-- slot under the row lock before the password is checked, so parallel guesses cannot exceed the limit.
-- Reaching the limit locks this (account, address) pair until locked_until; each further lock-out doubles the
-- wait (lockouts). Another address of the same account is not affected, so guesses from elsewhere cannot lock
-- the owner out.
create table login_throttle (
    account_key     text        not null,
    client_ip       text        not null,
    attempts        integer     not null default 0,
    window_started_at timestamptz not null,
    locked_until    timestamptz,
    lockouts        integer     not null default 0,
    updated_at      timestamptz not null,
    primary key (account_key, client_ip)
);
create index login_throttle_updated_idx on login_throttle (updated_at);
