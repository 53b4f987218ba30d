import type { Queryable } from '../../db/database.js';
import { AppError, notFound } from '../errors.js';
import { deriveClusterStatus } from '../fixes/derive-cluster-status.js';
import { listFixLine } from '../fixes/fix-repository.js';
import { clusterStatuses, type ClusterStatus } from './cluster.js';
import { readClusterStatus } from './cluster-repository.js';

/**
 * The cluster lifecycle, and the only code that writes `clusters.status`:
 *
 *     any status but fixing ──fix started──▶ fixing
 *     a fix or one of its PRs changed ──▶ derived from the whole fix line (settleFromFixLine):
 *         any PR merged → resolved; an attempt running → fixing; a PR open → pr_opened;
 *         latest attempt failed → failed; PRs all closed unmerged → failed; latest cancelled → new
 *     resolved ──new feedback joins (a regression)──▶ new, reopened_count + 1 (a new fix line)
 *     any status but fixing ──a person──▶ ignored | new
 *     ignored | new | resolved ──a person's undo──▶ the status it had before that person's change
 *
 * A fix may start from any status but `fixing` (one fix at a time per cluster). Every move is one
 * conditional UPDATE, so two writers racing cannot both move the cluster from the same status; the
 * derivation locks the cluster row, so two settlers write in turn.
 */
export type ClusterEvent =
  'fix-started' | 'regressed' | 'ignored-by-user' | 'reset-by-user' | 'resolved-by-user';

const notFixing = clusterStatuses.filter((s) => s !== 'fixing');

const lifecycle: Record<ClusterEvent, { from: readonly ClusterStatus[]; to: ClusterStatus; also?: string }> =
  {
    'fix-started': { from: notFixing, to: 'fixing', also: 'status_reason = null' },
    regressed: {
      from: ['resolved'],
      to: 'new',
      // the fix line starts again: attempts from before the regression no longer count
      also: 'reopened_count = reopened_count + 1, resolved_at = null, reopened_at = now(), status_reason = null',
    },
    'ignored-by-user': { from: notFixing, to: 'ignored', also: 'status_reason = null' },
    'reset-by-user': { from: notFixing, to: 'new', also: 'status_reason = null' },
    'resolved-by-user': {
      from: notFixing,
      to: 'resolved',
      also: 'resolved_at = now(), status_reason = null',
    },
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
  const current = await readClusterStatus(db, { projectId, clusterId });
  if (current === undefined) throw notFound('cluster');
  throw new AppError(
    'invalid_state',
    refusals[event] ?? `a ${current.status} cluster cannot take "${event}" (to ${lifecycle[event].to})`,
  );
}

/**
 * Writes the status derived from the cluster's fix line (every attempt since the cluster was last
 * reopened, and their PRs: derive-cluster-status.ts) after a fix or PR changed, with the reason when the
 * status alone does not say it ("PR closed without merge (#7)"). Call it in the transaction that changed
 * the fix. Returns the cluster's status afterwards (undefined for an unknown cluster).
 */
export async function settleFromFixLine(
  db: Queryable,
  projectId: string,
  clusterId: string,
): Promise<ClusterStatus | undefined> {
  const cluster = await readClusterStatus(db, { projectId, clusterId, forUpdate: true });
  if (cluster === undefined) return undefined;
  const fixes = await listFixLine(db, { projectId, clusterId, since: cluster.reopenedAt });
  const derived = deriveClusterStatus(fixes);
  if (derived === undefined) return cluster.status;
  await db.query(
    `update clusters set status = $3, status_reason = $4, updated_at = now(),
            resolved_at = case when $3 = 'resolved' then coalesce(resolved_at, now()) else null end
      where project_id = $1 and id = $2`,
    [projectId, clusterId, derived.status, derived.reason],
  );
  return derived.status;
}
