import type { Queryable } from '../../db/database.js';
import { notFound } from '../errors.js';
import { findFix } from './fix-repository.js';

export const fixStatuses = ['pending', 'running', 'success', 'failed', 'cancelled'] as const;
export type FixStatus = (typeof fixStatuses)[number];
export const terminalStatuses: FixStatus[] = ['success', 'failed', 'cancelled'];

export interface FixTimings {
  queueMs?: number;
  cloneMs?: number;
  agentMs?: number;
  testMs?: number;
  pushMs?: number;
  /** wall time of the whole script in the runner */
  scriptMs?: number;
  /** what the runner and the script add around the agent: scriptMs - agentMs */
  runnerOverheadMs?: number;
  prMs?: number;
  /** Start Fix (job created) → pull request opened */
  startToPrMs?: number;
}

export interface TestResult {
  command: string;
  exitCode: number;
  passed: boolean;
  durationMs: number;
  /** the last lines of its output */
  output: string;
}

export interface Fix {
  id: string;
  clusterId: string;
  clusterTitle: string;
  planId: string | null;
  status: FixStatus;
  runner: string;
  agent: string;
  repo: string | null;
  branch: string | null;
  baseBranch: string | null;
  commitSha: string | null;
  prUrl: string | null;
  prNumber: number | null;
  prState: 'open' | 'closed' | 'merged' | null;
  testResult: TestResult | null;
  error: string | null;
  attempt: number;
  /** the later fix whose PR replaced this one's (this PR was closed as superseded) */
  supersededBy: string | null;
  cancelRequested: boolean;
  startedBy: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  timings: FixTimings;
}

export interface FixRow {
  id: string;
  cluster_id: string;
  cluster_title: string;
  plan_id: string | null;
  status: FixStatus;
  runner: string;
  agent: string;
  repo: string | null;
  branch: string | null;
  base_branch: string | null;
  commit_sha: string | null;
  pr_url: string | null;
  pr_number: number | null;
  pr_state: 'open' | 'closed' | 'merged' | null;
  test_result: TestResult | null;
  error: string | null;
  attempt: number;
  superseded_by: string | null;
  cancel_requested: boolean;
  started_by: string | null;
  started_at: Date | null;
  finished_at: Date | null;
  created_at: Date;
  timings: FixTimings;
}

export const toFix = (r: FixRow): Fix => ({
  id: r.id,
  clusterId: r.cluster_id,
  clusterTitle: r.cluster_title,
  planId: r.plan_id,
  status: r.status,
  runner: r.runner,
  agent: r.agent,
  repo: r.repo,
  branch: r.branch,
  baseBranch: r.base_branch,
  commitSha: r.commit_sha,
  prUrl: r.pr_url,
  prNumber: r.pr_number,
  prState: r.pr_state,
  testResult: r.test_result,
  error: r.error,
  attempt: r.attempt,
  supersededBy: r.superseded_by,
  cancelRequested: r.cancel_requested,
  startedBy: r.started_by,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  createdAt: r.created_at,
  timings: r.timings,
});

export async function getFix(db: Queryable, projectId: string, jobId: string): Promise<Fix> {
  const fix = await findFix(db, { projectId, fixId: jobId });
  if (fix === undefined) throw notFound('job');
  return fix;
}
