import type { Queryable } from '../../db/database.js';
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
  const { rows: projects } = await db.query<{ name: string }>('select name from projects where id = $1', [
    projectId,
  ]);
  const project = { id: projectId, name: projects[0]?.name ?? '' };
  let cluster: Snapshot['cluster'] = null;
  if (ids.clusterId !== null) {
    const { rows } = await db.query<{
      title: string;
      status: string;
      item_count: number;
      source_counts: Record<string, number>;
      first_seen_at: Date | null;
      last_seen_at: Date | null;
      last24h: number;
      previous24h: number;
    }>(
      `select c.title, c.status, c.item_count, c.source_counts, c.first_seen_at, c.last_seen_at,
              (select count(*)::int from feedback_items f where f.project_id = c.project_id and f.cluster_id = c.id
                 and f.received_at > now() - interval '24 hours') as last24h,
              (select count(*)::int from feedback_items f where f.project_id = c.project_id and f.cluster_id = c.id
                 and f.received_at > now() - interval '48 hours' and f.received_at <= now() - interval '24 hours') as previous24h
         from clusters c where c.project_id = $1 and c.id = $2`,
      [projectId, ids.clusterId],
    );
    const c = rows[0];
    if (c !== undefined)
      cluster = {
        id: ids.clusterId,
        title: c.title,
        status: c.status,
        reports: c.item_count,
        sources: c.source_counts,
        trend: {
          last24h: c.last24h,
          previous24h: c.previous24h,
          direction: direction(c.last24h, c.previous24h),
        },
        firstSeenAt: c.first_seen_at?.toISOString() ?? null,
        lastSeenAt: c.last_seen_at?.toISOString() ?? null,
        url: `${base}/dashboard/clusters/${ids.clusterId}`,
      };
  }
  let fix: Snapshot['fix'] = null;
  if (ids.fixId !== null) {
    const { rows } = await db.query<{
      status: string;
      attempt: number;
      error: string | null;
      pr_number: number | null;
      pr_url: string | null;
      pr_state: string | null;
    }>(
      'select status, attempt, error, pr_number, pr_url, pr_state from agent_jobs where project_id = $1 and id = $2',
      [projectId, ids.fixId],
    );
    const f = rows[0];
    if (f !== undefined)
      fix = {
        id: ids.fixId,
        status: f.status,
        attempt: f.attempt,
        error: f.error,
        pullRequest:
          f.pr_number !== null && f.pr_url !== null
            ? { number: f.pr_number, url: f.pr_url, state: f.pr_state }
            : null,
        url: `${base}/dashboard/prs`,
      };
  }
  return { project, cluster, fix };
}
