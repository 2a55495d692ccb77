-- Hand corrections of punches by an admin or manager. The punch row itself is never changed: the original stays
-- visible, and the latest correction of a (user, work date, kind) is the time reports count.
create table attendance_corrections (
    id                  bigint generated always as identity primary key,
    user_id             bigint      not null references users (id) on delete cascade,
    work_date           date        not null,
    kind                text        not null check (kind in ('check_in', 'check_out')),
    -- the time that counts from now on
    corrected_at        timestamptz not null,
    time_zone           text        not null,
    -- the punch corrected, and its time when the correction was made; null when there was none (a marked punch)
    original_punch_id   bigint      references attendance_punches (id) on delete set null,
    original_punched_at timestamptz,
    reason              text        not null check (length(trim(reason)) > 0),
    corrected_by        bigint      references users (id) on delete set null,
    created_at          timestamptz not null default now()
);
create index attendance_corrections_user_date_idx on attendance_corrections (user_id, work_date);
