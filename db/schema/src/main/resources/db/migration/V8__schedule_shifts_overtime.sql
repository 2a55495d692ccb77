-- Schedules grow:
-- * overtime_after_minutes: time worked on a working day beyond this counts as overtime; null = the day's
--   scheduled length (end - start).
-- * per-weekday shifts overriding the schedule's start and end on those days (e.g. Saturday 08:00-12:00). A shift
--   whose end is not after its start runs overnight and ends the next day; so may the default hours now.
-- * department schedules: the schedule of every member of a department (course, class) without one of their own.
alter table schedules
    add column overtime_after_minutes integer check (overtime_after_minutes between 0 and 1440),
    add constraint schedules_start_end_differ check (start_time <> end_time);

create table department_schedules (
    department_id          bigint      primary key references departments (id) on delete cascade,
    working_days           integer[]   not null,
    start_time             time        not null,
    end_time               time        not null check (end_time <> start_time),
    grace_minutes          integer     not null default 0 check (grace_minutes between 0 and 720),
    overtime_after_minutes integer     check (overtime_after_minutes between 0 and 1440),
    updated_at             timestamptz not null default now()
);

-- Shifts of a user's or a department's schedule: exactly one owner; one shift per owner and weekday.
create table schedule_shifts (
    user_id           bigint      references schedules (user_id) on delete cascade,
    department_id     bigint      references department_schedules (department_id) on delete cascade,
    iso_day           integer     not null check (iso_day between 1 and 7),
    start_time        time        not null,
    end_time          time        not null check (end_time <> start_time),
    constraint schedule_shifts_one_owner check (num_nonnulls(user_id, department_id) = 1),
    constraint schedule_shifts_user_day unique (user_id, iso_day),
    constraint schedule_shifts_department_day unique (department_id, iso_day)
);
