-- Browser sessions. The cookie holds only the sealed session id; the row can be revoked (sign-out) and
-- carries the CSRF token that state-changing requests must echo in X-CSRF-Token.
create table sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);
create index sessions_expires_idx on sessions (expires_at);

-- the local single-user mode's user is recognisable without a GitHub id
alter table users add column is_local boolean not null default false;
create unique index users_single_local_idx on users (is_local) where is_local;
create index users_login_idx on users (lower(login));
