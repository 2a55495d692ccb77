-- Absence / permission requests. The evidence file (PDF, JPEG or PNG, type sniffed from its bytes, size-limited)
-- is stored here. Approved requests make their working days excused in reports.
create table absence_requests (
    id                     bigint generated always as identity primary key,
    user_id                bigint      not null references users (id) on delete cascade,
    start_date             date        not null,
    end_date               date        not null,
    type                   text        not null check (type in ('sick', 'vacation', 'personal', 'other')),
    reason                 text        not null check (length(trim(reason)) > 0),
    status                 text        not null default 'pending'
                                       check (status in ('pending', 'approved', 'rejected')),
    evidence               bytea,
    evidence_content_type  text        check (evidence_content_type in ('application/pdf', 'image/jpeg', 'image/png')),
    decided_by             bigint      references users (id) on delete set null,
    decided_at             timestamptz,
    decision_comment       text,
    created_at             timestamptz not null default now(),
    constraint absence_requests_dates check (end_date >= start_date)
);
create index absence_requests_user_idx on absence_requests (user_id, start_date);
create index absence_requests_pending_idx on absence_requests (created_at) where status = 'pending';
