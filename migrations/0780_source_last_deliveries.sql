-- The last delivery each webhook source received, kept so a person can preview a field mapping (title,
-- body, URL, external id, level as JSON paths) on a real body before saving it. One row per source,
-- replaced on every delivery; bodies over the size bound are not kept (body null, too_large true).
create table source_last_deliveries (
  source_id uuid primary key references sources(id) on delete cascade,
  received_at timestamptz not null default now(),
  body jsonb,
  body_bytes integer not null,
  too_large boolean not null default false
);
