-- Identification (1:N): every gateway node keeps the templates of all active people in an in-memory index.
-- Triggers record each change that can add or remove someone from that index (approval, re-enrolment, block,
-- deactivation, erasure) in identification_changes and announce it with NOTIFY, whatever code made the change;
-- a node that missed a notification catches up by reading the rows after the last sequence number it applied.
create table identification_changes (
    seq         bigint      generated always as identity primary key,
    user_id     bigint      not null,
    changed_at  timestamptz not null default now()
);

create function identification_note_change() returns trigger
    language plpgsql as $$
declare
    changed_user bigint;
    next_seq     bigint;
begin
    if tg_table_name = 'users' then
        if tg_op = 'DELETE' then
            changed_user := old.id;
        elsif new.status is distinct from old.status or new.deactivated_at is distinct from old.deactivated_at then
            changed_user := new.id;
        else
            return null;
        end if;
    elsif tg_table_name = 'enrollments' then
        if new.status is not distinct from old.status then
            return null;
        end if;
        changed_user := new.user_id;
    else -- face_templates: only a deletion matters (new templates wait for an approval)
        changed_user := old.user_id;
    end if;
    insert into identification_changes (user_id) values (changed_user) returning seq into next_seq;
    perform pg_notify('identification_changes', next_seq::text);
    return null;
end;
$$;

create trigger users_identification_change after update or delete on users
    for each row execute function identification_note_change();
create trigger enrollments_identification_change after update on enrollments
    for each row execute function identification_note_change();
create trigger face_templates_identification_change after delete on face_templates
    for each row execute function identification_note_change();

-- Face login can be switched off for one person (FACEATTEND_FACE_LOGIN switches it off for the deployment).
alter table users add column face_login_enabled boolean not null default true;

-- Active people whose face matched an enrolment when it was submitted: [{"user_id", "name", "similarity"}].
-- Approving such an enrolment needs an explicit override (audited).
alter table enrollments add column possible_duplicates jsonb not null default '[]'::jsonb;
