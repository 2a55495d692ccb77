-- A refused punch retried with the same Idempotency-Key is one attempt, not two: the key is kept with the
-- attempt and unique per user.
alter table attendance_attempts add column request_key text;
create unique index attendance_attempts_request_key_idx on attendance_attempts (user_id, request_key)
    where request_key is not null;

-- The same photo must not serve two punches: the SHA-256 of each accepted punch's image bytes (not the photo).
alter table attendance_punches add column image_sha256 bytea;
create index attendance_punches_image_idx on attendance_punches (user_id, image_sha256)
    where image_sha256 is not null;
