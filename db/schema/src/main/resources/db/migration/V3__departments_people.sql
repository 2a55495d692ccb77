-- Groups of people: departments, and for schools courses and classes. A manager manages one or more groups and
-- sees the people who belong to them.
create table departments (
    id                bigint generated always as identity primary key,
    name              text        not null,
    kind              text        not null default 'department' check (kind in ('department', 'course', 'class')),
    description       text,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    constraint departments_name_not_blank check (length(trim(name)) > 0)
);
create unique index departments_name_key on departments (lower(name));

-- Who manages a group (users with role manager or admin).
create table department_managers (
    department_id     bigint      not null references departments (id) on delete cascade,
    user_id           bigint      not null references users (id) on delete cascade,
    added_at          timestamptz not null default now(),
    primary key (department_id, user_id)
);
create index department_managers_user_idx on department_managers (user_id);

-- People records beyond the login: the organisation's own id, the group a person belongs to, the pay rate.
alter table users add column employee_id text;
alter table users add column department_id bigint references departments (id) on delete set null;
alter table users add column hourly_rate numeric(12, 2) check (hourly_rate >= 0);
create unique index users_employee_id_key on users (lower(employee_id)) where employee_id is not null;
create index users_department_idx on users (department_id);
