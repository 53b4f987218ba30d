import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorMessage } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import { RelativeTime } from '../../../components/relative-time';
import { SourceCounts } from '../../../components/source-counts';
import { ClusterStatusBadge } from '../../../components/status-badge';
import { useCurrentProject } from '../../../lib/project-context';
import { useCluster } from '../api/clusters';
import { ClusterItems } from './cluster-items';
import { ClusterSettings } from './cluster-settings';
import { FixPanel } from './fix-panel';
import { GithubIssuePanel } from './github-issue-panel';
import { PlanPanel } from './plan-panel';

export function ClusterDetailPage() {
  const project = useCurrentProject();
  const { clusterId = '' } = useParams();
  const cluster = useCluster(project.id, clusterId);
  const [planEditing, setPlanEditing] = useState(false);

  if (cluster.isPending) return <Loading label="Loading cluster…" />;
  if (cluster.isError)
    return (
      <>
        <p>
          <Link to="/dashboard/clusters">← All clusters</Link>
        </p>
        <ErrorMessage error={cluster.error} onRetry={() => void cluster.refetch()} />
      </>
    );
  const c = cluster.data;
  const repo = c.repo ?? project.repo;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/dashboard/clusters">← All clusters</Link>
      </p>
      <header className="page-header cluster-header">
        <h1>{c.title || 'Untitled cluster'}</h1>
        <ClusterStatusBadge status={c.status} />
      </header>
      <dl className="kv cluster-facts">
        <div>
          <dt>Reports</dt>
          <dd>{c.itemCount}</dd>
        </div>
        <div>
          <dt>Sources</dt>
          <dd>
            <SourceCounts counts={c.sourceCounts} />
          </dd>
        </div>
        <div>
          <dt>First seen</dt>
          <dd>
            <RelativeTime iso={c.firstSeenAt} />
          </dd>
        </div>
        <div>
          <dt>Last seen</dt>
          <dd>
            <RelativeTime iso={c.lastSeenAt} />
          </dd>
        </div>
        <div>
          <dt>Repository</dt>
          <dd>
            {repo ?? <span className="muted">none set</span>}
            {c.repo === null && repo !== null && <span className="muted small"> (project default)</span>}
          </dd>
        </div>
        {c.reopenedCount > 0 && (
          <div>
            <dt>Reopened</dt>
            <dd>{c.reopenedCount}×</dd>
          </div>
        )}
      </dl>

      <section className="card" aria-labelledby="description-heading">
        <h2 id="description-heading">Description</h2>
        {c.summary === '' ? (
          <p className="muted">No summary yet: it is written a few seconds after the cluster changes.</p>
        ) : (
          <p className="summary">{c.summary}</p>
        )}
        {c.summaryKind === 'extractive' && (
          <p className="muted small">Extractive summary (taken from the reports; no LLM is configured).</p>
        )}
        {c.summaryKind === 'llm' && <p className="muted small">Summarised by the configured LLM.</p>}
      </section>

      <ClusterSettings projectId={project.id} cluster={c} />
      <GithubIssuePanel projectId={project.id} clusterId={c.id} repo={repo} />
      <PlanPanel projectId={project.id} clusterId={c.id} editing={planEditing} setEditing={setPlanEditing} />
      <FixPanel projectId={project.id} cluster={c} planEditing={planEditing} />
      <ClusterItems projectId={project.id} cluster={c} />
    </>
  );
}
