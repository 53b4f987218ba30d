import type { Queryable } from '../../db/database.js';

/** The GitHub issue created from a cluster (at most one per cluster). */
export interface ClusterGithubIssue {
  clusterId: string;
  repo: string;
  number: number;
  url: string;
  state: 'open' | 'closed';
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  project_id: string;
  cluster_id: string;
  repo: string;
  number: number;
  url: string;
  state: 'open' | 'closed';
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

const columns = 'project_id, cluster_id, repo, number, url, state, created_by, created_at, updated_at';
const toIssue = (r: Row): ClusterGithubIssue => ({
  clusterId: r.cluster_id,
  repo: r.repo,
  number: r.number,
  url: r.url,
  state: r.state,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function findClusterIssue(
  db: Queryable,
  projectId: string,
  clusterId: string,
): Promise<ClusterGithubIssue | undefined> {
  const { rows } = await db.query<Row>(
    `select ${columns} from cluster_github_issues where project_id = $1 and cluster_id = $2`,
    [projectId, clusterId],
  );
  return rows[0] && toIssue(rows[0]);
}

/** Records the issue; false when the cluster already has one (two people clicked at once). */
export async function insertClusterIssue(
  db: Queryable,
  projectId: string,
  issue: Pick<ClusterGithubIssue, 'clusterId' | 'repo' | 'number' | 'url' | 'createdBy'>,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `insert into cluster_github_issues (project_id, cluster_id, repo, number, url, created_by)
     values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
    [projectId, issue.clusterId, issue.repo, issue.number, issue.url, issue.createdBy],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * Records the issue's state as GitHub reports it; returns the cluster when the state changed (so a
 * redelivered webhook, or a poll after the webhook, moves nothing twice).
 */
export async function updateClusterIssueState(
  db: Queryable,
  where: { projectId: string; repo: string; number: number },
  state: 'open' | 'closed',
): Promise<string | undefined> {
  const { rows } = await db.query<{ cluster_id: string }>(
    `update cluster_github_issues set state = $4, updated_at = now()
      where project_id = $1 and lower(repo) = lower($2) and number = $3 and state <> $4
      returning cluster_id`,
    [where.projectId, where.repo, where.number, state],
  );
  return rows[0]?.cluster_id;
}

/** Every linked issue with the user who created it, for the fallback poll (oldest news first). */
export async function listIssuesToPoll(
  db: Queryable,
  limit = 500,
): Promise<(ClusterGithubIssue & { projectId: string })[]> {
  const { rows } = await db.query<Row>(
    `select ${columns} from cluster_github_issues where created_by is not null
      order by updated_at limit $1`,
    [limit],
  );
  return rows.map((r) => ({ ...toIssue(r), projectId: r.project_id }));
}
