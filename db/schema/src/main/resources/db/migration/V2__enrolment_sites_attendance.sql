-- Face enrolment: one row per submission. The photo is kept (encrypted) only until an admin decides, so the
-- admin can see who enrolled; the decision deletes it (photo_ciphertext set to null).
create table enrollments (
    id                bigint generated always as identity primary key,
    user_id           bigint      not null references users (id) on delete cascade,
    status            text        not null default 'pending'
                                  check (status in ('pending', 'approved', 'rejected', 'superseded')),
    device            text        check (device in ('ios', 'android')),
    device_id         text,
    -- per-image quality scores and verdicts of the submission, as JSON (never the image)
    image_report      jsonb       not null default '[]'::jsonb,
    photo_ciphertext  bytea,
    created_at        timestamptz not null default now(),
    decided_at        timestamptz,
    decided_by        bigint      references users (id) on delete set null,
    decision_reason   text
);
create index enrollments_user_idx on enrollments (user_id, created_at desc);
create index enrollments_pending_idx on enrollments (created_at) where status = 'pending';

-- Face templates (512-d embeddings), AES-256-GCM encrypted at rest, bound to their user by the AEAD data.
create table face_templates (
    id                bigint generated always as identity primary key,
    user_id           bigint      not null references users (id) on delete cascade,
    enrollment_id     bigint      not null references enrollments (id) on delete cascade,
    ciphertext        bytea       not null,
    key_id            text        not null,
    quality           double precision,
    created_at        timestamptz not null default now()
);
create index face_templates_user_idx on face_templates (user_id);

-- Work sites with their geofence: a circle (centre + radius) or a polygon of [lat, lon] vertices.
create table sites (
    id                bigint generated always as identity primary key,
    name              text        not null,
    time_zone         text        not null,
    geofence_kind     text        not null check (geofence_kind in ('circle', 'polygon')),
    center_latitude   double precision,
    center_longitude  double precision,
    radius_m          double precision,
    polygon           jsonb,
    active            boolean     not null default true,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    constraint sites_circle_complete check (geofence_kind <> 'circle'
        or (center_latitude is not null and center_longitude is not null and radius_m > 0)),
    constraint sites_polygon_complete check (geofence_kind <> 'polygon' or polygon is not null)
);

create table site_members (
    site_id           bigint      not null references sites (id) on delete cascade,
    user_id           bigint      not null references users (id) on delete cascade,
    added_at          timestamptz not null default now(),
    primary key (site_id, user_id)
);
create index site_members_user_idx on site_members (user_id);

-- A user's working schedule: ISO weekdays (1 = Monday), start and end of the working day, grace minutes.
create table schedules (
    user_id           bigint      primary key references users (id) on delete cascade,
    working_days      integer[]   not null,
    start_time        time        not null,
    end_time          time        not null,
    grace_minutes     integer     not null default 0 check (grace_minutes between 0 and 720),
    updated_at        timestamptz not null default now()
);

-- Accepted punches. One check-in and one check-out per user and local work day: the unique index makes a
-- double check-in impossible even when two requests race.
create table attendance_punches (
    id                bigint generated always as identity primary key,
    user_id           bigint      not null references users (id) on delete cascade,
    kind              text        not null check (kind in ('check_in', 'check_out')),
    work_date         date        not null,
    punched_at        timestamptz not null,
    -- when the photo was taken, if the app queued the punch offline
    captured_at       timestamptz,
    received_at       timestamptz not null default now(),
    time_zone         text        not null,
    site_id           bigint      references sites (id) on delete set null,
    latitude          double precision not null,
    longitude         double precision not null,
    accuracy_m        double precision,
    device            text,
    device_id         text,
    similarity        double precision,
    liveness_score    double precision,
    within_allowed_time boolean   not null,
    request_id        text,
    unique (user_id, work_date, kind)
);
create index attendance_punches_user_date_idx on attendance_punches (user_id, work_date desc);

-- Refused punch attempts, for audit and fraud review: reason and scores, never the photo.
create table attendance_attempts (
    id                bigint generated always as identity primary key,
    user_id           bigint      not null references users (id) on delete cascade,
    kind              text        not null check (kind in ('check_in', 'check_out')),
    reason            text        not null,
    similarity        double precision,
    liveness_score    double precision,
    latitude          double precision,
    longitude         double precision,
    accuracy_m        double precision,
    device            text,
    device_id         text,
    client_ip         text,
    created_at        timestamptz not null default now()
);
create index attendance_attempts_user_idx on attendance_attempts (user_id, created_at desc);

-- Results of requests sent with an idempotency key: a retry gets the stored answer instead of a second punch.
create table idempotent_requests (
    user_id           bigint      not null references users (id) on delete cascade,
    request_key       text        not null,
    operation         text        not null,
    response          bytea       not null,
    created_at        timestamptz not null default now(),
    primary key (user_id, request_key)
);
