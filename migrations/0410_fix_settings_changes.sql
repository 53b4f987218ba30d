-- Who changed what a project's fixes run (agent, runner, model, test command, base branch, time limit),
-- when, and from what to what: one row per change, `changes` = [{field, old, new}].
create table fix_settings_changes (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects (id) on delete cascade,
  -- kept when the user is deleted, so the record of the change survives
  changed_by uuid references users (id) on delete set null,
  changed_at timestamptz not null default now(),
  changes jsonb not null
);
create index fix_settings_changes_project_idx on fix_settings_changes (project_id, changed_at desc, id desc);
