-- Payments of hours worked: one row per person and paid period. A period overlapping one already paid is refused
-- (checked under a lock on the person's row), so nothing is paid twice.
create table payroll_payments (
    id                bigint generated always as identity primary key,
    user_id           bigint        not null references users (id) on delete cascade,
    period_start      date          not null,
    period_end        date          not null,
    hours_worked      numeric(10, 2) not null,
    hourly_rate       numeric(12, 2) not null,
    amount            numeric(14, 2) not null,
    paid_by           bigint        references users (id) on delete set null,
    paid_at           timestamptz   not null default now(),
    constraint payroll_payments_dates check (period_end >= period_start),
    unique (user_id, period_start, period_end)
);
create index payroll_payments_user_idx on payroll_payments (user_id, period_start);
