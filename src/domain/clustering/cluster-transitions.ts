import type { Queryable } from '../../db/database.js';
import { AppError, notFound } from '../errors.js';
import { clusterStatuses, type ClusterStatus } from './cluster.js';

/**
 * The cluster lifecycle, and the only code that writes `clusters.status`:
 *
 *     new ──fix started──▶ fixing ──fix succeeded──▶ pr_opened ──PR merged──▶ resolved
 *                            ├──fix failed──▶ failed
 *                            └──fix cancelled──▶ new
 *     pr_opened ──PR closed unmerged──▶ new          new ──PR reopened──▶ pr_opened
 *     resolved ──new feedback joins (a regression)──▶ new, reopened_count + 1
 *     any status but fixing ──a person──▶ ignored | new | resolved
 *     ignored | new | resolved ──a person's undo──▶ the status it had before that person's change
 *
 * A fix may start from any status but `fixing` (one fix at a time per cluster). Every move is one
 * conditional UPDATE, so two writers racing cannot both move the cluster from the same status.
 */
export type ClusterEvent =
  | 'fix-started'
  | 'fix-succeeded'
  | 'fix-failed'
  | 'fix-cancelled'
  | 'pr-merged'
  | 'pr-closed'
  | 'pr-reopened'
  | 'regressed'
  | 'ignored-by-user'
  | 'reset-by-user'
  | 'resolved-by-user';

const notFixing = clusterStatuses.filter((s) => s !== 'fixing');

const lifecycle: Record<ClusterEvent, { from: readonly ClusterStatus[]; to: ClusterStatus; also?: string }> =
  {
    'fix-started': { from: notFixing, to: 'fixing' },
    'fix-succeeded': { from: ['fixing'], to: 'pr_opened' },
    'fix-failed': { from: ['fixing'], to: 'failed' },
    'fix-cancelled': { from: ['fixing'], to: 'new' },
    'pr-merged': { from: ['pr_opened'], to: 'resolved', also: 'resolved_at = now()' },
    'pr-closed': { from: ['pr_opened'], to: 'new' },
    'pr-reopened': { from: ['new'], to: 'pr_opened' },
    regressed: {
      from: ['resolved'],
      to: 'new',
      also: 'reopened_count = reopened_count + 1, resolved_at = null',
    },
    'ignored-by-user': { from: notFixing, to: 'ignored' },
    'reset-by-user': { from: notFixing, to: 'new' },
    'resolved-by-user': { from: notFixing, to: 'resolved', also: 'resolved_at = now()' },
  };

const refusals: Partial<Record<ClusterEvent, string>> = {
  'fix-started': 'a fix is already running for this cluster',
  'ignored-by-user': 'a fix is running for this cluster; cancel it before changing the status',
  'reset-by-user': 'a fix is running for this cluster; cancel it before changing the status',
  'resolved-by-user': 'a fix is running for this cluster; cancel it before changing the status',
};

/** What a person's own change may be undone from: the statuses people set. */
const personSet: readonly ClusterStatus[] = ['ignored', 'new', 'resolved'];

/**
 * Undoes a person's status change (the dashboard's Undo): puts back the status the cluster had, but only
 * while it still holds a status a person set, so an undo never rewrites what the fix loop did meanwhile.
 * Returns whether it moved.
 */
export async function restoreClusterStatus(
  db: Queryable,
  projectId: string,
  clusterId: string,
  status: Exclude<ClusterStatus, 'fixing'>,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update clusters set status = $3, updated_at = now(),
            resolved_at = case when $3 = 'resolved' then coalesce(resolved_at, now()) else null end
      where project_id = $1 and id = $2 and status = any($4::text[])`,
    [projectId, clusterId, status, personSet],
  );
  return (rowCount ?? 0) > 0;
}

/** The statuses `event` may move a cluster from (for queries that must agree with the lifecycle). */
export const allowedFrom = (event: ClusterEvent): readonly ClusterStatus[] => lifecycle[event].from;

/**
 * Moves the cluster when its current status allows `event`; returns whether it moved. For events that
 * report what already happened elsewhere (a fix ended, GitHub merged a PR, feedback arrived): when the
 * cluster has moved on meanwhile (a person ignored it, another fix started), the event no longer applies.
 */
export async function moveClusterIfAllowed(
  db: Queryable,
  projectId: string,
  clusterId: string,
  event: ClusterEvent,
): Promise<boolean> {
  const { from, to, also } = lifecycle[event];
  // updated_at/resolved_at use the database's clock: they order rows written by several processes
  const { rowCount } = await db.query(
    `update clusters set status = $3, updated_at = now()${also ? `, ${also}` : ''}
      where project_id = $1 and id = $2 and status = any($4::text[])`,
    [projectId, clusterId, to, from],
  );
  return (rowCount ?? 0) > 0;
}

/** Moves the cluster or refuses: an unknown cluster is 404, a status that does not allow `event` 409. */
export async function moveCluster(
  db: Queryable,
  projectId: string,
  clusterId: string,
  event: ClusterEvent,
): Promise<void> {
  if (await moveClusterIfAllowed(db, projectId, clusterId, event)) return;
  const { rows } = await db.query<{ status: ClusterStatus }>(
    'select status from clusters where project_id = $1 and id = $2',
    [projectId, clusterId],
  );
  const current = rows[0];
  if (current === undefined) throw notFound('cluster');
  throw new AppError(
    'invalid_state',
    refusals[event] ?? `a ${current.status} cluster cannot take "${event}" (to ${lifecycle[event].to})`,
  );
}
