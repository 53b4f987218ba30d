import type { Queryable } from '../../db/database.js';
import type { FixLineEntry } from './derive-cluster-status.js';
import { toFix, type Fix, type FixRow, type FixStatus, type FixTimings, type TestResult } from './fix.js';

/**
 * The owner of the `agent_jobs` table (one row per fix attempt; the table keeps its first name) and of
 * `job_log_lines`, each fix's output: every statement on them lives here. Each function takes the pool or
 * the transaction's client first, then one options object. `updated_at`, `started_at`, `finished_at` and
 * `heartbeat_at` use the database's clock: several processes write them, and the lost-worker sweep
 * compares them with the database's `now()`.
 */

interface OneFix {
  projectId: string;
  fixId: string;
}

/** A fix with its cluster's title (`agent_jobs j join clusters c`). */
const fixColumns = `j.id, j.cluster_id, c.title as cluster_title, j.plan_id, j.status, j.runner, j.agent, j.repo,
  j.branch, j.base_branch, j.commit_sha, j.pr_url, j.pr_number, j.pr_state, j.test_result, j.error, j.attempt, j.superseded_by,
  j.cancel_requested, j.started_by, j.started_at, j.finished_at, j.created_at, j.timings`;
const withCluster = 'agent_jobs j join clusters c on c.project_id = j.project_id and c.id = j.cluster_id';

export async function findFix(db: Queryable, o: OneFix): Promise<Fix | undefined> {
  const { rows } = await db.query<FixRow>(
    `select ${fixColumns} from ${withCluster} where j.project_id = $1 and j.id = $2`,
    [o.projectId, o.fixId],
  );
  return rows[0] && toFix(rows[0]);
}

/** One page of fixes, newest first on (created_at, id). */
export async function listFixPage(
  db: Queryable,
  o: {
    projectId: string;
    clusterId: string | null;
    status: FixStatus | null;
    after: [string, string] | undefined;
    limit: number;
  },
): Promise<Fix[]> {
  const { rows } = await db.query<FixRow>(
    `select ${fixColumns} from ${withCluster}
      where j.project_id = $1 and ($2::uuid is null or j.cluster_id = $2) and ($3::text is null or j.status = $3)
        and ($4::timestamptz is null or (j.created_at, j.id) < ($4::timestamptz, $5::uuid))
      order by j.created_at desc, j.id desc limit $6`,
    [o.projectId, o.clusterId, o.status, o.after?.[0] ?? null, o.after?.[1] ?? null, o.limit],
  );
  return rows.map(toFix);
}

/** The cluster's latest attempt. */
export async function findLatestAttempt(
  db: Queryable,
  o: { projectId: string; clusterId: string },
): Promise<{ id: string; attempt: number } | undefined> {
  const { rows } = await db.query<{ id: string; attempt: number }>(
    `select id, attempt from agent_jobs where project_id = $1 and cluster_id = $2
      order by created_at desc, attempt desc limit 1`,
    [o.projectId, o.clusterId],
  );
  return rows[0];
}

/**
 * The cluster's fix line: its attempts created after `since` (the cluster's last reopening; null: all),
 * oldest first, with their PRs.
 */
export async function listFixLine(
  db: Queryable,
  o: { projectId: string; clusterId: string; since: Date | null },
): Promise<FixLineEntry[]> {
  const { rows } = await db.query<FixLineEntry>(
    `select status, pr_number as "prNumber", pr_state as "prState", error from agent_jobs
      where project_id = $1 and cluster_id = $2 and ($3::timestamptz is null or created_at > $3)
      order by created_at, attempt`,
    [o.projectId, o.clusterId, o.since],
  );
  return rows;
}

/** A new pending attempt, numbered after the cluster's earlier ones; returns its id. */
export async function insertFix(
  db: Queryable,
  o: {
    projectId: string;
    clusterId: string;
    planId: string | null;
    startedBy: string;
    runner: string;
    agent: string;
    agentModel: string | null;
    repo: string | null;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into agent_jobs (project_id, cluster_id, plan_id, started_by, status, runner, agent, agent_model, repo, attempt)
     values ($1, $2, $3, $4, 'pending', $5, $6, $7, $8,
             1 + (select count(*) from agent_jobs where project_id = $1 and cluster_id = $2))
     returning id`,
    [o.projectId, o.clusterId, o.planId, o.startedBy, o.runner, o.agent, o.agentModel, o.repo],
  );
  return rows[0]!.id;
}

/** What a worker that claimed a fix needs of it. */
export interface ClaimedFix {
  cluster_id: string;
  attempt: number;
  cluster_title: string;
  started_by: string | null;
  runner: string;
  agent: string;
  agent_model: string | null;
  repo: string | null;
  created_at: Date;
  started_at: Date;
  cancel_requested: boolean;
}

/** Moves a pending fix to running; undefined when it is not pending (cancelled, or already handled). */
export async function claimFix(db: Queryable, o: OneFix): Promise<ClaimedFix | undefined> {
  const { rows } = await db.query<ClaimedFix>(
    `update agent_jobs j set status = 'running', started_at = now(), heartbeat_at = now(), updated_at = now()
       from clusters c
      where j.project_id = $1 and j.id = $2 and j.status = 'pending' and c.project_id = j.project_id and c.id = j.cluster_id
      returning j.cluster_id, c.title as cluster_title, j.attempt, j.started_by, j.runner, j.agent, j.agent_model, j.repo,
                j.created_at, j.started_at, j.cancel_requested`,
    [o.projectId, o.fixId],
  );
  return rows[0];
}

/**
 * The worker's proof of life; answers whether someone asked to cancel, or undefined when the fix is no
 * longer running (someone else ended it).
 */
export async function beatFixHeartbeat(
  db: Queryable,
  o: OneFix,
): Promise<{ cancelRequested: boolean } | undefined> {
  const { rows } = await db.query<{ cancelRequested: boolean }>(
    `update agent_jobs set heartbeat_at = now() where project_id = $1 and id = $2 and status = 'running'
      returning cancel_requested as "cancelRequested"`,
    [o.projectId, o.fixId],
  );
  return rows[0];
}

/** Running fixes whose heartbeat stopped `lostAfterSeconds` ago, in every project. */
export async function findLostFixes(
  db: Queryable,
  o: { lostAfterSeconds: number },
): Promise<{ project_id: string; id: string }[]> {
  const { rows } = await db.query<{ project_id: string; id: string }>(
    `select project_id, id from agent_jobs
      where status = 'running' and coalesce(heartbeat_at, started_at, created_at) < now() - make_interval(secs => $1)`,
    [o.lostAfterSeconds],
  );
  return rows;
}

/** The queue job carrying the fix's run (bookkeeping: it leaves updated_at alone). */
export async function setFixQueueJob(
  db: Queryable,
  o: OneFix & { queueJobId: string | null },
): Promise<void> {
  await db.query('update agent_jobs set queue_job_id = $3 where project_id = $1 and id = $2', [
    o.projectId,
    o.fixId,
    o.queueJobId,
  ]);
}

export async function setFixPlan(
  db: Queryable,
  o: OneFix & { planId: string; baseBranch: string },
): Promise<void> {
  await db.query(
    'update agent_jobs set plan_id = $3, base_branch = $4, updated_at = now() where project_id = $1 and id = $2',
    [o.projectId, o.fixId, o.planId, o.baseBranch],
  );
}

export async function saveFixTimings(
  db: Queryable,
  o: OneFix & { timings: FixTimings; testResult: TestResult | null; commitSha: string | null },
): Promise<void> {
  await db.query(
    `update agent_jobs set timings = $3::jsonb, test_result = $4::jsonb, commit_sha = $5, updated_at = now()
      where project_id = $1 and id = $2`,
    [
      o.projectId,
      o.fixId,
      JSON.stringify(o.timings),
      o.testResult ? JSON.stringify(o.testResult) : null,
      o.commitSha,
    ],
  );
}

/** The branch, once it exists on GitHub. */
export async function setFixBranch(db: Queryable, o: OneFix & { branch: string }): Promise<void> {
  await db.query('update agent_jobs set branch = $3, updated_at = now() where project_id = $1 and id = $2', [
    o.projectId,
    o.fixId,
    o.branch,
  ]);
}

export async function recordFixPullRequest(
  db: Queryable,
  o: OneFix & { url: string; number: number; timings: FixTimings },
): Promise<void> {
  await db.query(
    `update agent_jobs set pr_url = $3, pr_number = $4, pr_state = 'open', timings = $5::jsonb, updated_at = now()
      where project_id = $1 and id = $2`,
    [o.projectId, o.fixId, o.url, o.number, JSON.stringify(o.timings)],
  );
}

/** Asks the worker running the fix to stop (it reads this at its next heartbeat). */
export async function requestFixCancel(db: Queryable, o: OneFix): Promise<void> {
  await db.query(
    'update agent_jobs set cancel_requested = true, updated_at = now() where project_id = $1 and id = $2',
    [o.projectId, o.fixId],
  );
}

/** Ends a pending or running fix; returns its cluster, or undefined when it had ended already. */
export async function endFix(
  db: Queryable,
  o: OneFix & { status: 'success' | 'failed' | 'cancelled'; error: string | null },
): Promise<string | undefined> {
  const { rows } = await db.query<{ cluster_id: string }>(
    `update agent_jobs set status = $3, error = $4, finished_at = now(), updated_at = now()
      where project_id = $1 and id = $2 and status in ('pending', 'running') returning cluster_id`,
    [o.projectId, o.fixId, o.status, o.error],
  );
  return rows[0]?.cluster_id;
}

/** Records what GitHub says of a PR on every fix that carries it; returns those fixes and their clusters. */
export async function setPullRequestState(
  db: Queryable,
  o: { projectId: string; repo: string; number: number; state: 'open' | 'closed' | 'merged' },
): Promise<{ fixId: string; clusterId: string }[]> {
  const { rows } = await db.query<{ fixId: string; clusterId: string }>(
    `update agent_jobs set pr_state = $4, updated_at = now()
      where project_id = $1 and lower(repo) = lower($2) and pr_number = $3 and pr_state is distinct from $4
      returning id as "fixId", cluster_id as "clusterId"`,
    [o.projectId, o.repo, o.number, o.state],
  );
  return rows;
}

/** The cluster's other fixes whose PR is still open, oldest first. */
export async function findOtherOpenPulls(
  db: Queryable,
  o: { projectId: string; clusterId: string; fixId: string },
): Promise<{ id: string; repo: string; pr_number: number }[]> {
  const { rows } = await db.query<{ id: string; repo: string; pr_number: number }>(
    `select id, repo, pr_number from agent_jobs
      where project_id = $1 and cluster_id = $2 and id <> $3 and pr_state = 'open' and pr_number is not null
        and repo is not null
      order by created_at`,
    [o.projectId, o.clusterId, o.fixId],
  );
  return rows;
}

/** Records an older fix's PR as closed in favour of `by`'s. */
export async function markPullSuperseded(db: Queryable, o: OneFix & { by: string }): Promise<void> {
  await db.query(
    `update agent_jobs set pr_state = 'closed', superseded_by = $3, updated_at = now()
      where project_id = $1 and id = $2`,
    [o.projectId, o.fixId, o.by],
  );
}

/** Every PR still open, once each, in every project, with who opened it. */
export async function findOpenPulls(
  db: Queryable,
): Promise<{ project_id: string; repo: string; pr_number: number; started_by: string | null }[]> {
  const { rows } = await db.query<{
    project_id: string;
    repo: string;
    pr_number: number;
    started_by: string | null;
  }>(
    `select distinct on (project_id, lower(repo), pr_number) project_id, repo, pr_number, started_by
       from agent_jobs where pr_state = 'open' and pr_number is not null and repo is not null limit 500`,
  );
  return rows;
}

/** Fixes by status; without a project, in every project (the metrics). */
export async function countFixesByStatus(
  db: Queryable,
  o: { projectId?: string },
): Promise<{ status: FixStatus; n: number }[]> {
  const { rows } = await db.query<{ status: FixStatus; n: number }>(
    `select status, count(*)::int as n from agent_jobs where ($1::uuid is null or project_id = $1) group by status`,
    [o.projectId ?? null],
  );
  return rows;
}

/** The project's PRs by their latest state (a fix retried after its PR opened carries the same PR). */
export async function countPullsByState(
  db: Queryable,
  o: { projectId: string },
): Promise<{ state: 'open' | 'merged' | 'closed'; n: number }[]> {
  const { rows } = await db.query<{ state: 'open' | 'merged' | 'closed'; n: number }>(
    `select state, count(*)::int as n from (
       select distinct on (pr_url) pr_state as state from agent_jobs
        where project_id = $1 and pr_url is not null and pr_state is not null
        order by pr_url, updated_at desc
     ) latest group by state`,
    [o.projectId],
  );
  return rows;
}

export interface LogLine {
  seq: number;
  ts: Date;
  stream: 'stdout' | 'stderr' | 'system';
  line: string;
}

/** A fix's output lines after `after`, in order. */
export async function readFixLogLines(
  db: Queryable,
  o: OneFix & { after: number; limit: number },
): Promise<LogLine[]> {
  const { rows } = await db.query<LogLine>(
    `select seq, ts, stream, line from job_log_lines where project_id = $1 and agent_job_id = $2 and seq > $3
      order by seq limit $4`,
    [o.projectId, o.fixId, o.after, o.limit],
  );
  return rows;
}

/** The last line number a fix stored (0: none yet). */
export async function lastFixLogSeq(db: Queryable, o: { fixId: string }): Promise<number> {
  const { rows } = await db.query<{ max: number | null }>(
    'select max(seq) as max from job_log_lines where agent_job_id = $1',
    [o.fixId],
  );
  return rows[0]?.max ?? 0;
}

export async function insertFixLogLines(db: Queryable, o: OneFix & { lines: LogLine[] }): Promise<void> {
  await db.query(
    `insert into job_log_lines (project_id, agent_job_id, seq, ts, stream, line)
     select $1, $2, s, t, st, l from unnest($3::int[], $4::timestamptz[], $5::text[], $6::text[]) as x(s, t, st, l)`,
    [
      o.projectId,
      o.fixId,
      o.lines.map((b) => b.seq),
      o.lines.map((b) => b.ts),
      o.lines.map((b) => b.stream),
      o.lines.map((b) => b.line),
    ],
  );
}

export interface FixUsage {
  active: number;
  startedToday: number;
  agentMinutesThisMonth: number;
}

/**
 * What the fix budgets count: fixes pending or running now, fixes created since `dayStart`, and agent
 * minutes of fixes created since `monthStart` (the agent's own time when the run recorded it, else the
 * run's wall time so far).
 */
export async function countFixUsage(
  db: Queryable,
  o: { projectId: string; dayStart: Date; monthStart: Date; now: Date },
): Promise<FixUsage> {
  const { rows } = await db.query<{ active: number; started_today: number; agent_minutes: number }>(
    `select count(*) filter (where status in ('pending', 'running'))::int as active,
            count(*) filter (where created_at >= $2)::int as started_today,
            coalesce(sum(
              case when created_at < $3 or started_at is null then 0
                   when timings ? 'agentMs' then (timings->>'agentMs')::numeric / 60000
                   else greatest(0, extract(epoch from (coalesce(finished_at, $4) - started_at)) / 60) end
            ), 0)::float8 as agent_minutes
       from agent_jobs where project_id = $1 and (status in ('pending', 'running') or created_at >= least($2, $3))`,
    [o.projectId, o.dayStart, o.monthStart, o.now],
  );
  const r = rows[0]!;
  return { active: r.active, startedToday: r.started_today, agentMinutesThisMonth: r.agent_minutes };
}
