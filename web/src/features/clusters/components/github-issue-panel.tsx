import { FormError } from '../../../components/error-message';
import { useClusterIssue, useCreateClusterIssue } from '../api/github';

/**
 * The cluster's GitHub issue: a link to it with its state, or "Create GitHub issue" (opened as you in
 * the cluster's repository, listing its reports with links back here). Closing the issue on GitHub
 * resolves the cluster; reopening it reopens the cluster.
 */
export function GithubIssuePanel({
  projectId,
  clusterId,
  repo,
}: {
  projectId: string;
  clusterId: string;
  repo: string | null;
}) {
  const issue = useClusterIssue(projectId, clusterId);
  const create = useCreateClusterIssue(projectId, clusterId);
  if (issue.isPending || issue.isError) return null;
  const linked = issue.data.issue;
  return (
    <section className="card github-issue" aria-labelledby="github-issue-heading">
      <div className="card-head">
        <h2 id="github-issue-heading">GitHub issue</h2>
        {linked === null && (
          <button
            type="button"
            disabled={repo === null || create.isPending}
            onClick={() => create.mutate()}
            title={repo === null ? 'Set a repository on the cluster or the project first' : undefined}
          >
            {create.isPending ? 'Creating…' : 'Create GitHub issue'}
          </button>
        )}
      </div>
      {linked === null ? (
        <p className="muted small">
          {repo === null
            ? 'Set a repository to create an issue for this cluster.'
            : `Opens an issue in ${repo} as you, listing this cluster's reports.`}
        </p>
      ) : (
        <p>
          <a href={linked.url} target="_blank" rel="noreferrer noopener">
            {linked.repo}#{linked.number}
          </a>{' '}
          <span className={`badge badge-issue-${linked.state}`}>{linked.state}</span>{' '}
          <span className="muted small">
            Closing it on GitHub resolves this cluster; reopening it reopens the cluster.
          </span>
        </p>
      )}
      <FormError error={create.error} />
    </section>
  );
}
