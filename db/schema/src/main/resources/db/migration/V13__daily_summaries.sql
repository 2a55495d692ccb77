-- The managers' daily attendance summary: one per manager and day (the primary key), whichever node runs the job.
create table daily_summaries (
    manager_id      bigint      not null references users (id) on delete cascade,
    work_date       date        not null,
    sent_at         timestamptz not null default now(),
    primary key (manager_id, work_date)
);
