-- The fix loop's extra job facts: the branch the PR targets, the pushed commit, and where the time went
-- (clone, agent, tests, push, PR; the runner overhead is the script's time minus the agent's).
alter table agent_jobs add column base_branch text;
alter table agent_jobs add column commit_sha text;
alter table agent_jobs add column agent_model text;
alter table agent_jobs add column timings jsonb not null default '{}'::jsonb;
-- the PR poller and the pull_request webhook find a job by its pull request
create index agent_jobs_pr_idx on agent_jobs (project_id, repo, pr_number) where pr_number is not null;
create index agent_jobs_open_pr_idx on agent_jobs (pr_state) where pr_state = 'open';
