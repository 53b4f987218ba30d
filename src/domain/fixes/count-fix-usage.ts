import type { Queryable } from '../../db/database.js';

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
