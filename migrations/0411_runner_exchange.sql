-- Files handed to and from a Fargate task over a one-time capability URL: the task has no database and
-- no GitHub credential, so the server serves it the job's checkout and takes its result back. Only the
-- SHA-256 of the capability is stored; each file can be taken once, the result given once, until expiry.
create table runner_exchange_files (
  capability_hash text not null,
  direction text not null check (direction in ('in', 'out')),
  name text not null,
  content bytea,
  used_at timestamptz,
  expires_at timestamptz not null,
  primary key (capability_hash, direction, name)
);
create index runner_exchange_files_expiry_idx on runner_exchange_files (expires_at);
