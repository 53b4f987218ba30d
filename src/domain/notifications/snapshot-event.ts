import type { Queryable } from '../../db/database.js';
import { findCluster } from '../clustering/cluster-repository.js';
import { countClusterReportsSince } from '../feedback/feedback-repository.js';
import { getFix } from '../fixes/fix.js';
import { getProject } from '../projects/get-project.js';
import type { NotificationPayload } from './notification-events.js';

type Snapshot = Pick<NotificationPayload, 'project' | 'cluster' | 'fix'>;

const direction = (last: number, previous: number): 'rising' | 'falling' | 'steady' =>
  last > previous ? 'rising' : last < previous ? 'falling' : 'steady';

/**
 * The facts a notification carries, read in the transaction of the event: the cluster as it is now
 * (title, reports, sources, reports in the last 24 hours against the 24 before), the fix when the
 * event is about one, and dashboard links. Stored with the delivery, so retries send the same facts.
 */
export async function snapshotEvent(
  db: Queryable,
  publicUrl: string,
  projectId: string,
  ids: { clusterId: string | null; fixId: string | null },
): Promise<Snapshot> {
  const base = publicUrl.replace(/\/+$/, '');
  const p = await getProject(db, projectId);
  const project = { id: projectId, name: p.name };
  let cluster: Snapshot['cluster'] = null;
  const c =
    ids.clusterId === null ? undefined : await findCluster(db, { projectId, clusterId: ids.clusterId });
  if (c !== undefined) {
    const o = { projectId, clusterId: c.id };
    const last24h = await countClusterReportsSince(db, { ...o, since: '24 hours' });
    const previous24h = await countClusterReportsSince(db, { ...o, since: '48 hours', until: '24 hours' });
    cluster = {
      id: c.id,
      title: c.title,
      status: c.status,
      reports: c.itemCount,
      sources: c.sourceCounts,
      trend: { last24h, previous24h, direction: direction(last24h, previous24h) },
      firstSeenAt: c.firstSeenAt?.toISOString() ?? null,
      lastSeenAt: c.lastSeenAt?.toISOString() ?? null,
      url: `${base}/dashboard/clusters/${c.id}`,
    };
  }
  let fix: Snapshot['fix'] = null;
  if (ids.fixId !== null) {
    const f = await getFix(db, projectId, ids.fixId);
    fix = {
      id: f.id,
      status: f.status,
      attempt: f.attempt,
      error: f.error,
      pullRequest:
        f.prNumber !== null && f.prUrl !== null
          ? { number: f.prNumber, url: f.prUrl, state: f.prState }
          : null,
      url: `${base}/dashboard/prs`,
    };
  }
  return { project, cluster, fix };
}
