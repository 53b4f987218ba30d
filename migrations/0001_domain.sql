-- The whole domain: users, projects, sources, feedback, clusters, plans and fixes. Every tenant row carries project_id, and references between
-- tenant rows go through (project_id, id) so a row can never point into another project.

create table users (
  id uuid primary key default gen_random_uuid(),
  github_id bigint unique,
  login text not null,
  name text,
  email text,
  avatar_url text,
  -- AES-256-GCM sealed (src/lib/crypto.ts); used only by jobs that act as this user.
  github_token_encrypted text,
  github_token_scopes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table projects (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  -- default repository (owner/name) for clusters of this project
  repo text check (repo is null or repo ~ '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$'),
  -- per-project knobs (clustering threshold, agent, runner ...), validated by the domain
  settings jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table memberships (
  project_id uuid not null references projects (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null default 'member' check (role in ('owner', 'member')),
  created_at timestamptz not null default now(),
  primary key (project_id, user_id)
);
create index memberships_user_idx on memberships (user_id);

create table api_keys (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects (id) on delete cascade,
  name text not null default 'default',
  key_hash text not null unique,
  key_prefix text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_project_idx on api_keys (project_id);

create table sources (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects (id) on delete cascade,
  kind text not null check (kind in ('reddit', 'sentry', 'github', 'manual', 'splunk', 'datadog', 'posthog')),
  name text not null default 'default',
  enabled boolean not null default true,
  -- non-secret settings: subreddits, repositories, filters
  config jsonb not null default '{}'::jsonb,
  -- sealed webhook secret / token, never returned in full
  secret_encrypted text,
  -- poller / sync position so a restart neither misses nor repeats items
  cursor jsonb not null default '{}'::jsonb,
  last_run_at timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (project_id, id),
  unique (project_id, kind, name)
);

create table clusters (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects (id) on delete cascade,
  title text not null default '',
  summary text not null default '',
  summary_kind text check (summary_kind in ('llm', 'extractive')),
  summary_model text,
  summarized_at timestamptz,
  status text not null default 'new'
    check (status in ('new', 'fixing', 'pr_opened', 'failed', 'resolved', 'ignored')),
  repo text,
  item_count integer not null default 0,
  source_counts jsonb not null default '{}'::jsonb,
  first_seen_at timestamptz,
  last_seen_at timestamptz,
  resolved_at timestamptz,
  reopened_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (project_id, id)
);
create index clusters_project_status_idx on clusters (project_id, status, last_seen_at desc);
create index clusters_project_last_seen_idx on clusters (project_id, last_seen_at desc, id);

create table feedback_items (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects (id) on delete cascade,
  source text not null check (source in ('reddit', 'sentry', 'github', 'manual', 'splunk', 'datadog', 'posthog')),
  source_id uuid,
  external_id text not null,
  title text not null,
  body text not null default '',
  url text,
  author text,
  metadata jsonb not null default '{}'::jsonb,
  raw jsonb,
  occurred_at timestamptz,
  received_at timestamptz not null default now(),
  cluster_id uuid,
  clustered_at timestamptz,
  created_at timestamptz not null default now(),
  unique (project_id, id),
  unique (project_id, source, external_id),
  foreign key (project_id, source_id) references sources (project_id, id) on delete set null (source_id),
  foreign key (project_id, cluster_id) references clusters (project_id, id) on delete set null (cluster_id)
);
create index feedback_items_cluster_idx on feedback_items (project_id, cluster_id);
create index feedback_items_received_idx on feedback_items (project_id, received_at desc, id);
create index feedback_items_unclustered_idx on feedback_items (project_id) where cluster_id is null;

create table coding_plans (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects (id) on delete cascade,
  cluster_id uuid not null,
  summary text not null default '',
  -- [{ "path": "...", "reason": "..." }]
  files jsonb not null default '[]'::jsonb,
  -- [{ "title": "...", "detail": "..." }] in order
  tasks jsonb not null default '[]'::jsonb,
  kind text not null check (kind in ('heuristic', 'llm', 'edited')),
  model text,
  repo text,
  commit_sha text,
  edited_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (project_id, id),
  unique (project_id, cluster_id),
  foreign key (project_id, cluster_id) references clusters (project_id, id) on delete cascade
);

create table agent_jobs (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects (id) on delete cascade,
  cluster_id uuid not null,
  plan_id uuid,
  started_by uuid references users (id) on delete set null,
  status text not null default 'pending'
    check (status in ('pending', 'running', 'success', 'failed', 'cancelled')),
  runner text not null,
  agent text not null,
  repo text,
  branch text,
  pr_url text,
  pr_number integer,
  pr_state text check (pr_state in ('open', 'closed', 'merged')),
  test_result jsonb,
  error text,
  attempt integer not null default 1,
  queue_job_id text,
  cancel_requested boolean not null default false,
  heartbeat_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (project_id, id),
  foreign key (project_id, cluster_id) references clusters (project_id, id) on delete cascade,
  foreign key (project_id, plan_id) references coding_plans (project_id, id) on delete set null (plan_id)
);
create index agent_jobs_project_idx on agent_jobs (project_id, created_at desc);
create index agent_jobs_cluster_idx on agent_jobs (project_id, cluster_id, created_at desc);
create index agent_jobs_running_idx on agent_jobs (status) where status in ('pending', 'running');

create table job_log_lines (
  id bigserial primary key,
  project_id uuid not null references projects (id) on delete cascade,
  agent_job_id uuid not null,
  seq integer not null,
  ts timestamptz not null default now(),
  stream text not null check (stream in ('stdout', 'stderr', 'system')),
  line text not null,
  unique (agent_job_id, seq),
  foreign key (project_id, agent_job_id) references agent_jobs (project_id, id) on delete cascade
);

create table webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects (id) on delete cascade,
  source text not null,
  -- the vendor's delivery id where it sends one (GitHub X-GitHub-Delivery, Sentry Request-ID ...)
  delivery_id text,
  outcome text not null check (outcome in ('accepted', 'duplicate')),
  item_count integer not null default 0,
  received_at timestamptz not null default now()
);
create unique index webhook_deliveries_delivery_idx on webhook_deliveries (project_id, source, delivery_id)
  where delivery_id is not null;
create index webhook_deliveries_project_idx on webhook_deliveries (project_id, received_at desc);
