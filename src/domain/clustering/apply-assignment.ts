import type { Queryable } from '../../db/database.js';
import { assignItems } from '../feedback/feedback-repository.js';
import { addToClusterStats, createCluster } from './cluster-repository.js';
import { moveClusterIfAllowed } from './cluster-transitions.js';
import type { Assignment } from './decide-assignment.js';
import type { DomainEvent } from '../notifications/notification-events.js';

/**
 * Carries out a decision inside the deciding transaction: a join reopens a resolved cluster (a
 * regression), anything else starts a cluster named after the item; then the item (and, for
 * new-with-similar, its unplaced neighbours) is placed and counted at once, since the next decision's
 * cluster-size test reads the counts. Returns the cluster, the items this placed, and what happened to
 * the cluster (created, joined, regressed) for notifications.
 */
export async function applyAssignment(
  tx: Queryable,
  o: { projectId: string; item: { id: string; title: string }; decision: Assignment; clusteredAt: Date },
): Promise<{ clusterId: string; assigned: string[]; events: DomainEvent[] }> {
  const { projectId, item, decision } = o;
  let clusterId: string;
  const events: DomainEvent[] = [];
  if (decision.kind === 'join') {
    clusterId = decision.clusterId;
    if (await moveClusterIfAllowed(tx, projectId, clusterId, 'regressed'))
      events.push({ type: 'cluster.regressed', clusterId });
    events.push({ type: 'cluster.joined', clusterId });
  } else {
    clusterId = await createCluster(tx, { projectId, title: item.title });
    events.push({ type: 'cluster.created', clusterId });
  }
  const members = decision.kind === 'new-with-similar' ? [item.id, ...decision.itemIds] : [item.id];
  const assigned = await assignItems(tx, {
    projectId,
    clusterId,
    itemIds: members,
    clusteredAt: o.clusteredAt,
  });
  await addToClusterStats(tx, { projectId, clusterId, itemIds: assigned });
  return { clusterId, assigned, events };
}
