-- Events out (issue 15): a transactional outbox, webhook subscriptions with their delivery log, notifications
-- (e-mail, push) with device tokens, guardians and preferences, missed check-ins, and db-scheduler's table.

-- What happened, written in the same transaction as the change itself (never sent for a rolled-back change).
-- The dispatcher fans each row out once to webhook deliveries and notifications, then marks it fanned out.
create table outbox_events (
    id              bigint generated always as identity primary key,
    event_id        uuid        not null unique,
    event_type      text        not null,
    -- the event's "data" object as webhook receivers get it
    data            jsonb       not null,
    -- the person the event is about, for notifications (null for system events)
    subject_user_id bigint      references users (id) on delete set null,
    created_at      timestamptz not null default now(),
    fanned_out_at   timestamptz
);
create index outbox_events_pending_idx on outbox_events (id) where fanned_out_at is null;
create index outbox_events_type_time_idx on outbox_events (event_type, created_at);

-- A receiver of events. The signing secret is sealed (AES-256-GCM) and never returned after creation.
create table webhooks (
    id              bigint generated always as identity primary key,
    url             text        not null check (url ~ '^https?://'),
    secret_ciphertext bytea     not null,
    events          text[]      not null,
    active          boolean     not null default true,
    created_by      bigint      references users (id) on delete set null,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);

-- One event for one webhook: retried with backoff until delivered or dead-lettered.
create table webhook_deliveries (
    id              bigint generated always as identity primary key,
    webhook_id      bigint      not null references webhooks (id) on delete cascade,
    outbox_event_id bigint      not null references outbox_events (id) on delete cascade,
    status          text        not null default 'pending' check (status in ('pending', 'delivered', 'dead')),
    attempts        integer     not null default 0,
    -- a claimed delivery is leased: pushed forward while one node sends it, so a crash retries it later
    next_attempt_at timestamptz not null default now(),
    last_error      text,
    created_at      timestamptz not null default now(),
    delivered_at    timestamptz,
    unique (webhook_id, outbox_event_id)
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_webhook_idx on webhook_deliveries (webhook_id, id);

-- Every attempt to deliver, as the delivery log shows it.
create table webhook_delivery_attempts (
    id              bigint generated always as identity primary key,
    delivery_id     bigint      not null references webhook_deliveries (id) on delete cascade,
    attempted_at    timestamptz not null,
    -- HTTP status of the receiver's answer; null when there was none (refused connection, timeout)
    status_code     integer,
    latency_ms      integer     not null,
    succeeded       boolean     not null,
    error           text
);
create index webhook_delivery_attempts_delivery_idx on webhook_delivery_attempts (delivery_id, id);

-- The app's push tokens (FCM registration tokens).
create table device_tokens (
    id              bigint generated always as identity primary key,
    user_id         bigint      not null references users (id) on delete cascade,
    token           text        not null unique,
    platform        text        not null check (platform in ('android', 'ios', 'web')),
    created_at      timestamptz not null default now(),
    last_seen_at    timestamptz not null default now()
);
create index device_tokens_user_idx on device_tokens (user_id);

-- People to tell about someone else's attendance (guardians of a student; seed 004's parent alerts).
create table person_contacts (
    id              bigint generated always as identity primary key,
    user_id         bigint      not null references users (id) on delete cascade,
    name            text        not null,
    relation        text        not null default 'guardian',
    email           text        not null,
    language        text        not null default 'en',
    created_at      timestamptz not null default now()
);
create index person_contacts_user_idx on person_contacts (user_id);

-- What a person wants to receive; no row = everything, in English.
create table notification_preferences (
    user_id         bigint      primary key references users (id) on delete cascade,
    email_enabled   boolean     not null default true,
    push_enabled    boolean     not null default true,
    language        text        not null default 'en',
    updated_at      timestamptz not null default now()
);

-- One message to one recipient over one channel, retried like a webhook delivery.
create table notifications (
    id              bigint generated always as identity primary key,
    outbox_event_id bigint      references outbox_events (id) on delete set null,
    user_id         bigint      references users (id) on delete cascade,
    channel         text        not null check (channel in ('email', 'push')),
    recipient       text        not null,
    subject         text        not null,
    body            text        not null,
    status          text        not null default 'pending' check (status in ('pending', 'sent', 'dead')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error      text,
    created_at      timestamptz not null default now(),
    sent_at         timestamptz
);
create index notifications_due_idx on notifications (next_attempt_at) where status = 'pending';

-- A missed check-in found by the scheduled job: the primary key makes it once per person-day, whichever node
-- runs the job.
create table missed_check_ins (
    user_id         bigint      not null references users (id) on delete cascade,
    work_date       date        not null,
    expected_at     timestamptz not null,
    detected_at     timestamptz not null default now(),
    primary key (user_id, work_date)
);

-- How long a punch took to process (request to answer), for the live dashboard's average.
alter table attendance_punches add column processing_ms integer;

-- db-scheduler's table (com.github.kagkarlsson:db-scheduler, PostgreSQL layout): recurring jobs picked by one
-- node at a time.
create table scheduled_tasks (
    task_name            text                     not null,
    task_instance        text                     not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index scheduled_tasks_execution_time_idx on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
