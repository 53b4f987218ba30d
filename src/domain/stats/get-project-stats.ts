import type { Queryable } from '../../db/database.js';
import { clusterStatuses, type ClusterStatus } from '../clustering/cluster.js';
import { countClustersByStatus } from '../clustering/cluster-repository.js';
import { countFeedbackByDay } from '../feedback/feedback-repository.js';
import { countFixesByStatus, countPullsByState } from '../fixes/fix-repository.js';
import { fixStatuses, type FixStatus } from '../fixes/fix.js';

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
  const feedbackBySource = await countFeedbackByDay(db, { projectId, since });
  const jobs = await countFixesByStatus(db, { projectId });
  // a job retried after a PR was opened carries the same PR: count each PR once, by its latest state
  const prs = await countPullsByState(db, { projectId });

  const clustersByStatus = zeroes(clusterStatuses);
  for (const r of clusters) clustersByStatus[r.status] = r.n;
  const jobsByStatus = zeroes(fixStatuses);
  for (const r of jobs) jobsByStatus[r.status] = r.n;
  const prCounts = { open: 0, merged: 0, closed: 0 };
  for (const r of prs) prCounts[r.state] = r.n;
  return {
    days: opts.days,
    clustersByStatus,
    feedbackBySource,
    jobsByStatus,
    prs: prCounts,
  };
}
