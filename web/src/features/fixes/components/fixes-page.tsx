import { useId, useState } from 'react';
import { Link } from 'react-router';
import { CursorPager } from '../../../components/cursor-pager';
import { EmptyState } from '../../../components/empty-state';
import { ErrorMessage } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import { PageHeader } from '../../../components/page-header';
import { RelativeTime } from '../../../components/relative-time';
import { FixStatusBadge, PrStateBadge } from '../../../components/status-badge';
import type { Fix, FixStatus } from '../../../lib/api-types';
import { fixStatusLabel } from '../../../lib/format';
import { useCurrentProject } from '../../../lib/project-context';
import { useCursorPages } from '../../../lib/use-cursor-pages';
import { useFixes } from '../api/fixes';

function duration(job: Fix): string {
  if (job.startedAt === null) return '—';
  const end = job.finishedAt === null ? Date.now() : new Date(job.finishedAt).getTime();
  const s = Math.max(0, Math.round((end - new Date(job.startedAt).getTime()) / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${s % 60}s`;
}

/** Every agent job of the project and the pull request it opened. */
export function FixesPage() {
  const project = useCurrentProject();
  const statusId = useId();
  const [status, setStatus] = useState<FixStatus | ''>('');
  const key = `${project.id}:${status}`;
  const pages = useCursorPages(key);
  const jobs = useFixes(project.id, { status: status || undefined, cursor: pages.cursor });

  return (
    <>
      <PageHeader title="Fixes and pull requests" />
      <div className="filters" role="search" aria-label="Filter fixes">
        <div className="field inline">
          <label htmlFor={statusId}>Status</label>
          <select id={statusId} value={status} onChange={(e) => setStatus(e.target.value as FixStatus | '')}>
            <option value="">Any status</option>
            {(Object.keys(fixStatusLabel) as FixStatus[]).map((s) => (
              <option key={s} value={s}>
                {fixStatusLabel[s]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {jobs.isPending && <Loading label="Loading fixes…" />}
      {jobs.isError && <ErrorMessage error={jobs.error} onRetry={() => void jobs.refetch()} />}
      {jobs.data !== undefined && jobs.data.items.length === 0 && (
        <EmptyState title={status === '' ? 'No agent has run yet.' : 'No job has this status.'}>
          <p>
            Open a <Link to="/dashboard/clusters">cluster</Link>, check its coding plan, and press Start fix.
          </p>
        </EmptyState>
      )}
      {jobs.data !== undefined && jobs.data.items.length > 0 && (
        <>
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Cluster</th>
                  <th scope="col">Status</th>
                  <th scope="col">Agent</th>
                  <th scope="col">Branch</th>
                  <th scope="col">Pull request</th>
                  <th scope="col">Started</th>
                  <th scope="col" className="num">
                    Duration
                  </th>
                </tr>
              </thead>
              <tbody>
                {jobs.data.items.map((job) => (
                  <tr key={job.id}>
                    <td>
                      <Link to={`/dashboard/clusters/${job.clusterId}#job-${job.id}`}>
                        {job.clusterTitle ?? 'Cluster'}
                      </Link>
                      {job.repo !== null && <span className="muted small"> · {job.repo}</span>}
                    </td>
                    <td>
                      <FixStatusBadge status={job.status} />
                      {job.error !== null && (
                        <span className="muted small" title={job.error}>
                          {' '}
                          {job.error.slice(0, 60)}
                        </span>
                      )}
                    </td>
                    <td>
                      {job.agent} <span className="muted small">on {job.runner}</span>
                    </td>
                    <td>{job.branch !== null ? <code className="small">{job.branch}</code> : '—'}</td>
                    <td>
                      {job.prUrl !== null ? (
                        <>
                          <a href={job.prUrl} target="_blank" rel="noreferrer noopener">
                            #{job.prNumber}
                          </a>{' '}
                          <PrStateBadge state={job.prState} />
                        </>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                    <td>
                      <RelativeTime iso={job.startedAt ?? job.createdAt} />
                    </td>
                    <td className="num">{duration(job)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CursorPager label="Fix pages" pages={pages} nextCursor={jobs.data.nextCursor} />
        </>
      )}
    </>
  );
}
