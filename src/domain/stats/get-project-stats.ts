import type { Queryable } from '../../db/database.js';
import { clusterStatuses, type ClusterStatus } from '../clustering/cluster.js';
import { countClustersByStatus } from '../clustering/cluster-repository.js';

export const fixStatuses = ['pending', 'running', 'success', 'failed', 'cancelled'] as const;
export type FixStatus = (typeof fixStatuses)[number];

export interface ProjectStats {
  days: number;
  clustersByStatus: Record<ClusterStatus, number>;
  /** one row per (UTC day, source) that received feedback, oldest first; days without feedback are absent */
  feedbackBySource: { day: string; source: string; count: number }[];
  jobsByStatus: Record<FixStatus, number>;
  prs: { open: number; merged: number; closed: number };
}

const zeroes = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * The dashboard's overview numbers. Cluster and job counts cover the whole project; feedback volume covers
 * the last `days` UTC days (today included), bucketed by the day it was received.
 */
export async function getProjectStats(
  db: Queryable,
  projectId: string,
  opts: { days: number; now: Date },
): Promise<ProjectStats> {
  const since = new Date(
    Date.UTC(opts.now.getUTCFullYear(), opts.now.getUTCMonth(), opts.now.getUTCDate() - (opts.days - 1)),
  );
  const clusters = await countClustersByStatus(db, { projectId });
  const feedback = await db.query<{ day: string; source: string; n: number }>(
    `select to_char(received_at at time zone 'UTC', 'YYYY-MM-DD') as day, source, count(*)::int as n
       from feedback_items
      where project_id = $1 and received_at >= $2
      group by 1, 2
      order by 1, 2`,
    [projectId, since],
  );
  const jobs = await db.query<{ status: FixStatus; n: number }>(
    `select status, count(*)::int as n from agent_jobs where project_id = $1 group by status`,
    [projectId],
  );
  // a job retried after a PR was opened carries the same PR: count each PR once, by its latest state
  const prs = await db.query<{ state: 'open' | 'merged' | 'closed'; n: number }>(
    `select state, count(*)::int as n from (
       select distinct on (pr_url) pr_state as state from agent_jobs
        where project_id = $1 and pr_url is not null and pr_state is not null
        order by pr_url, updated_at desc
     ) latest group by state`,
    [projectId],
  );

  const clustersByStatus = zeroes(clusterStatuses);
  for (const r of clusters) clustersByStatus[r.status] = r.n;
  const jobsByStatus = zeroes(fixStatuses);
  for (const r of jobs.rows) jobsByStatus[r.status] = r.n;
  const prCounts = { open: 0, merged: 0, closed: 0 };
  for (const r of prs.rows) prCounts[r.state] = r.n;
  return {
    days: opts.days,
    clustersByStatus,
    feedbackBySource: feedback.rows.map((r) => ({ day: r.day, source: r.source, count: r.n })),
    jobsByStatus,
    prs: prCounts,
  };
}
