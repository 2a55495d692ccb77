-- Groups assigned to a site: their members, now and later, belong to the site (beside its direct members in
-- site_members). Leaving the group or unassigning it ends that membership; nothing is copied.
create table site_departments (
    site_id           bigint      not null references sites (id) on delete cascade,
    department_id     bigint      not null references departments (id) on delete cascade,
    created_at        timestamptz not null default now(),
    primary key (site_id, department_id)
);
create index site_departments_department_idx on site_departments (department_id);
