import type { FixStatus } from './fix.js';

export interface FixLineEntry {
  status: FixStatus;
  prNumber: number | null;
  prState: 'open' | 'closed' | 'merged' | null;
  error: string | null;
}

export interface DerivedStatus {
  status: 'resolved' | 'fixing' | 'pr_opened' | 'failed' | 'new';
  /** why, when the status alone does not say it */
  reason: string | null;
}

/**
 * A cluster's status from every fix attempt of its current line (oldest first) and their pull requests,
 * in this order: any PR merged → `resolved`; an attempt pending or running → `fixing`; any PR open →
 * `pr_opened`; the latest attempt failed → `failed` with its error; PRs that were all closed unmerged →
 * `failed` "PR closed without merge"; the latest attempt cancelled → `new`. No attempts: undefined (the
 * cluster keeps the status a person or the clustering gave it). Order of events does not matter: a PR
 * closed after another was merged leaves the cluster resolved.
 */
export function deriveClusterStatus(fixes: FixLineEntry[]): DerivedStatus | undefined {
  const latest = fixes.at(-1);
  if (latest === undefined) return undefined;
  const merged = fixes.find((f) => f.prState === 'merged');
  if (merged) return { status: 'resolved', reason: `PR #${merged.prNumber ?? '?'} merged` };
  if (fixes.some((f) => f.status === 'pending' || f.status === 'running'))
    return { status: 'fixing', reason: null };
  if (fixes.some((f) => f.prState === 'open')) return { status: 'pr_opened', reason: null };
  if (latest.status === 'failed') return { status: 'failed', reason: latest.error };
  const closed = fixes.filter((f) => f.prState === 'closed');
  if (closed.length > 0)
    return {
      status: 'failed',
      reason: `PR closed without merge (#${closed.at(-1)!.prNumber ?? '?'})`,
    };
  return { status: 'new', reason: latest.status === 'cancelled' ? 'the last fix was cancelled' : null };
}
