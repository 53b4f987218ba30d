-- GitHub follow-through. A cluster can have one GitHub issue created from it; the issue's state (webhook or
-- poll) feeds the cluster. Review comments and failing checks on a fix's pull request are kept per fix so
-- a person can send them to the agent, whose new attempt (follow_up_of) pushes to the same branch and PR.
create table cluster_github_issues (
  project_id uuid not null references projects (id) on delete cascade,
  cluster_id uuid not null,
  repo text not null,
  number integer not null,
  url text not null,
  state text not null default 'open' check (state in ('open', 'closed')),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (project_id, cluster_id),
  foreign key (project_id, cluster_id) references clusters (project_id, id) on delete cascade
);
create unique index cluster_github_issues_issue_idx on cluster_github_issues (project_id, lower(repo), number);
create index cluster_github_issues_open_idx on cluster_github_issues (state) where state = 'open';

create table pull_request_feedback (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects (id) on delete cascade,
  repo text not null,
  pr_number integer not null,
  kind text not null check (kind in ('review', 'review_comment', 'check')),
  external_id text not null,
  author text,
  state text,
  body text not null default '',
  path text,
  line integer,
  url text,
  -- checks: the commit they ran on (only the pull request's newest commit counts)
  commit_sha text,
  created_at timestamptz,
  received_at timestamptz not null default now(),
  unique (project_id, kind, external_id)
);
create index pull_request_feedback_pr_idx on pull_request_feedback (project_id, lower(repo), pr_number);

alter table agent_jobs add column follow_up_of uuid;
-- { "kind": "review" | "checks", "items": [...] }: what the follow-up attempt was asked to address
alter table agent_jobs add column follow_up jsonb;
