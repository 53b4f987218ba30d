import { findClusterIssue, insertClusterIssue, type ClusterGithubIssue } from './cluster-issue-repository.js';
import { getCluster } from '../clustering/list-clusters.js';
import { AppError } from '../errors.js';
import type { FixDeps } from '../fixes/fix-deps.js';
import { describeGithubError, githubClient } from '../fixes/github-client.js';
import { getUserGithubToken } from '../users/get-user-github-token.js';
import { clusterIssueBody } from './cluster-issue-body.js';

export type GithubDeps = Pick<FixDeps, 'db' | 'secrets' | 'github' | 'fetch' | 'logger' | 'publicUrl'>;

export const clusterPageUrl = (publicUrl: string, clusterId: string) =>
  `${publicUrl.replace(/\/+$/, '')}/dashboard/clusters/${clusterId}`;

/**
 * "Create GitHub issue": opens an issue in the cluster's repository as the signed-in user (their token),
 * listing the cluster's reports with links back to the dashboard, and links it to the cluster. A cluster
 * has at most one issue: asking again is refused (409) with the existing one named.
 */
export async function createClusterIssue(
  deps: GithubDeps,
  input: { projectId: string; clusterId: string; userId: string },
): Promise<ClusterGithubIssue> {
  const { db } = deps;
  const cluster = await getCluster(db, input.projectId, input.clusterId);
  const existing = await findClusterIssue(db, input.projectId, input.clusterId);
  if (existing)
    throw new AppError(
      'conflict',
      `this cluster already has GitHub issue ${existing.repo}#${existing.number}`,
    );
  if (!cluster.repo)
    throw new AppError(
      'bad_request',
      'this cluster has no repository: set one on the cluster or the project',
    );
  const token = await getUserGithubToken({ db, secrets: deps.secrets, userId: input.userId });
  const [owner, repo] = cluster.repo.split('/') as [string, string];
  const clusterUrl = clusterPageUrl(deps.publicUrl, cluster.id);
  const { data } = await githubClient({
    apiUrl: deps.github.apiUrl,
    token,
    fetch: deps.fetch,
    timeoutMs: deps.github.requestTimeoutMs,
  })
    .rest.issues.create({
      owner,
      repo,
      title: (cluster.title || 'Feedback cluster').slice(0, 250),
      body: clusterIssueBody({
        clusterId: cluster.id,
        clusterUrl,
        summary: cluster.summary,
        itemCount: cluster.itemCount,
        reports: cluster.items,
      }),
    })
    .catch((err: unknown) => {
      throw describeGithubError(err);
    });
  const link = {
    clusterId: cluster.id,
    repo: cluster.repo,
    number: data.number,
    url: data.html_url,
    createdBy: input.userId,
  };
  if (!(await insertClusterIssue(db, input.projectId, link))) {
    deps.logger.warn(
      { clusterId: cluster.id, issue: `${cluster.repo}#${data.number}` },
      'a second GitHub issue was created for a cluster that got one meanwhile; it is not linked',
    );
    throw new AppError('conflict', 'this cluster got a GitHub issue meanwhile');
  }
  return (await findClusterIssue(db, input.projectId, input.clusterId))!;
}
