-- Fixed cameras (issue 14): the registry, and the attendance log the ingest workers write. Frames and face crops
-- are never stored: a log entry holds who, when, where and how sure.
create table cameras (
    id                  text        primary key check (id ~ '^[A-Za-z0-9._-]{1,64}$'),
    name                text        not null,
    location            text        not null default '',
    -- without credentials: those are username and the sealed password
    stream_url          text        not null,
    username            text,
    -- AES-256-GCM (TemplateCipher), bound to "camera:<id>"; null: no password
    password_ciphertext bytea,
    site_id             bigint      references sites (id) on delete set null,
    direction           text        not null default 'both' check (direction in ('entry', 'exit', 'both')),
    fps                 double precision not null default 2 check (fps > 0 and fps <= 10),
    enabled             boolean     not null default true,
    created_at          timestamptz not null,
    updated_at          timestamptz not null
);

create table attendance_logs (
    id                  bigint      generated always as identity primary key,
    user_id             bigint      not null references users (id) on delete cascade,
    -- the camera as it was then: its entries outlive it
    camera_id           text        not null,
    camera_name         text        not null,
    camera_location     text        not null,
    seen_at             timestamptz not null,
    confidence          double precision not null,
    liveness_score      double precision,
    verification_ms     integer     not null,
    -- check_in / check_out when the camera punched for the person
    action              text        check (action in ('check_in', 'check_out'))
);

create index attendance_logs_seen_idx on attendance_logs (seen_at desc);
create index attendance_logs_user_idx on attendance_logs (user_id, seen_at desc);
create index attendance_logs_camera_idx on attendance_logs (camera_id, seen_at desc);
