import type { Queryable } from '../database.js';

/** projects.settings.budgets as stored (validated by the domain on the way in and out). */
export async function readBudgetSettings(db: Queryable, projectId: string, opts: { lock?: boolean } = {}) {
  const { rows } = await db.query<{ budgets: unknown }>(
    `select settings->'budgets' as budgets from projects where id = $1${opts.lock ? ' for update' : ''}`,
    [projectId],
  );
  return rows.length === 0 ? undefined : (rows[0]!.budgets ?? {});
}

export async function writeBudgetSettings(
  db: Queryable,
  projectId: string,
  budgets: unknown,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update projects set settings = jsonb_set(settings, '{budgets}', $2::jsonb), updated_at = now() where id = $1`,
    [projectId, JSON.stringify(budgets)],
  );
  return (rowCount ?? 0) > 0;
}

export interface FixUsageRow {
  active: number;
  started_today: number;
  agent_minutes_month: number;
}

/**
 * What the fix budgets count, from agent_jobs: fixes pending or running now, fixes started since
 * `dayStart`, and agent minutes of fixes started since `monthStart` (the agent's own time when the run
 * recorded it, else the run's wall time so far).
 */
export async function readFixUsage(
  db: Queryable,
  projectId: string,
  dayStart: Date,
  monthStart: Date,
  now: Date,
): Promise<FixUsageRow> {
  const { rows } = await db.query<FixUsageRow>(
    `select count(*) filter (where status in ('pending', 'running'))::int as active,
            count(*) filter (where created_at >= $2)::int as started_today,
            coalesce(sum(
              case when created_at < $3 or started_at is null then 0
                   when timings ? 'agentMs' then (timings->>'agentMs')::numeric / 60000
                   else greatest(0, extract(epoch from (coalesce(finished_at, $4) - started_at)) / 60) end
            ), 0)::float8 as agent_minutes_month
       from agent_jobs where project_id = $1 and (status in ('pending', 'running') or created_at >= least($2, $3))`,
    [projectId, dayStart, monthStart, now],
  );
  return rows[0]!;
}
