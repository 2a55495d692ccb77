-- Public holidays of the organisation: no one is expected at work; time worked on one counts as overtime.
create table holidays (
    day               date        primary key,
    name              text        not null check (length(trim(name)) > 0),
    created_at        timestamptz not null default now()
);
