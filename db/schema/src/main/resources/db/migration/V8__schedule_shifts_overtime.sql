-- Schedules grow two settings:
-- * overtime_after_minutes: time worked on a working day beyond this counts as overtime; null = the day's
--   scheduled length (end - start).
-- * per-weekday shifts overriding the schedule's start and end on those days (e.g. Saturday 08:00-12:00). A shift
--   whose end is not after its start runs overnight and ends the next day.
alter table schedules
    add column overtime_after_minutes integer check (overtime_after_minutes between 0 and 1440);

-- The schedule's default hours may now also run overnight (end before start); only equal times stay meaningless.
alter table schedules
    add constraint schedules_start_end_differ check (start_time <> end_time);

create table schedule_shifts (
    user_id           bigint      not null references schedules (user_id) on delete cascade,
    iso_day           integer     not null check (iso_day between 1 and 7),
    start_time        time        not null,
    end_time          time        not null check (end_time <> start_time),
    primary key (user_id, iso_day)
);
