-- Notifications: where to send (channels), when (rules), and what was sent (deliveries, the outbox and
-- the delivery log in one table). A delivery row is written in the transaction of the event it reports,
-- so an event is never lost between the domain change and its notification.
create table notification_channels (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects (id) on delete cascade,
  kind text not null check (kind in ('slack', 'webhook')),
  name text not null check (length(name) between 1 and 100),
  -- AES-256-GCM sealed (src/lib/crypto.ts): a Slack incoming-webhook URL is itself a credential
  url_encrypted text not null,
  -- scheme and host only, for display
  url_hint text not null,
  -- generic webhooks: the HMAC-SHA256 signing secret, sealed
  signing_secret_encrypted text,
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (project_id, id),
  unique (project_id, name)
);

create table notification_rules (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects (id) on delete cascade,
  channel_id uuid not null,
  event text not null check (event in
    ('cluster.created', 'cluster.growing', 'cluster.regressed', 'fix.succeeded', 'fix.failed', 'pr.merged')),
  -- cluster.growing: at least min_reports reports within window_minutes (and at most one notification
  -- per cluster and rule per window)
  min_reports integer check (min_reports is null or min_reports between 1 and 100000),
  window_minutes integer check (window_minutes is null or window_minutes between 1 and 43200),
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (project_id, id),
  foreign key (project_id, channel_id) references notification_channels (project_id, id) on delete cascade,
  check (event <> 'cluster.growing' or (min_reports is not null and window_minutes is not null))
);
create index notification_rules_project_idx on notification_rules (project_id) where enabled;

create table notification_deliveries (
  -- also the delivery id receivers see (X-Soulcaster-Delivery): stable across retries
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects (id) on delete cascade,
  channel_id uuid,
  rule_id uuid,
  event text not null,
  cluster_id uuid,
  fix_id uuid,
  -- the event body as it was when the event happened (retries send the same facts)
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts integer not null default 0,
  max_attempts integer not null,
  response_code integer,
  error text,
  last_attempt_at timestamptz,
  delivered_at timestamptz,
  -- milliseconds, as the log's page cursor carries them (an ISO timestamp)
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  updated_at timestamptz not null default now(),
  foreign key (project_id, channel_id) references notification_channels (project_id, id) on delete set null (channel_id),
  foreign key (project_id, rule_id) references notification_rules (project_id, id) on delete set null (rule_id)
);
create index notification_deliveries_project_idx on notification_deliveries (project_id, created_at desc, id);
-- the growth rule's "once per window" check
create index notification_deliveries_rule_cluster_idx on notification_deliveries (rule_id, cluster_id, created_at desc)
  where rule_id is not null;

-- Named API keys: a project keeps several, each rotated or revoked on its own. The key every project
-- was created with is named "default" already (the column's default).
alter table api_keys add column rotated_at timestamptz;
update api_keys set name = 'default' where name = '';
create unique index api_keys_project_name_idx on api_keys (project_id, lower(name)) where revoked_at is null;
