import type { Queryable } from '../../db/database.js';
import { assignItems } from '../feedback/feedback-repository.js';
import { addToClusterStats, createCluster } from './cluster-repository.js';
import { moveClusterIfAllowed } from './cluster-transitions.js';
import type { Assignment } from './decide-assignment.js';

/**
 * Carries out a decision inside the deciding transaction: a join reopens a resolved cluster (a
 * regression), anything else starts a cluster named after the item; then the item (and, for
 * new-with-similar, its unplaced neighbours) is placed and counted at once, since the next decision's
 * cluster-size test reads the counts. Returns the cluster and the items this placed.
 */
export async function applyAssignment(
  tx: Queryable,
  o: { projectId: string; item: { id: string; title: string }; decision: Assignment; clusteredAt: Date },
): Promise<{ clusterId: string; assigned: string[] }> {
  const { projectId, item, decision } = o;
  let clusterId: string;
  if (decision.kind === 'join') {
    clusterId = decision.clusterId;
    await moveClusterIfAllowed(tx, projectId, clusterId, 'regressed');
  } else {
    clusterId = await createCluster(tx, { projectId, title: item.title });
  }
  const members = decision.kind === 'new-with-similar' ? [item.id, ...decision.itemIds] : [item.id];
  const assigned = await assignItems(tx, {
    projectId,
    clusterId,
    itemIds: members,
    clusteredAt: o.clusteredAt,
  });
  await addToClusterStats(tx, { projectId, clusterId, itemIds: assigned });
  return { clusterId, assigned };
}
