-- Templates that survive a model upgrade: each template records the embedding model (name@version) that made
-- it, and is only ever compared with a probe embedded by that same model. Every template so far was made by
-- the shipped model. No default: a writer must say which model it used.
alter table face_templates add column model text;
update face_templates set model = 'faceplugin-fr-feature@0.0.1';
alter table face_templates alter column model set not null;
-- what made the template: the enrolment, or a check-in that added one from a newer model
alter table face_templates add column origin text not null default 'enrolment'
    check (origin in ('enrolment', 'check_in'));
create index face_templates_model_idx on face_templates (model);

-- A template added to an approved enrolment (a check-in's template of the new model) makes its person
-- identifiable with the current model: tell the identification index, like a deletion.
create or replace function identification_note_change() returns trigger
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
    elsif tg_op = 'INSERT' then -- face_templates: only one added to an approved enrolment
        if not exists (select 1 from enrollments where id = new.enrollment_id and status = 'approved') then
            return null;
        end if;
        changed_user := new.user_id;
    else -- face_templates: a deletion
        changed_user := old.user_id;
    end if;
    insert into identification_changes (user_id) values (changed_user) returning seq into next_seq;
    perform pg_notify('identification_changes', next_seq::text);
    return null;
end;
$$;

create trigger face_templates_identification_insert after insert on face_templates
    for each row execute function identification_note_change();
