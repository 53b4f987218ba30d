import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../../components/empty-state';
import { ErrorMessage } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import { PageHeader } from '../../../components/page-header';
import { clusterStatuses } from '../../../lib/api-types';
import { clusterStatusLabel, fixStatusLabel } from '../../../lib/format';
import { useCurrentProject } from '../../../lib/project-context';
import { useStats } from '../api/get-stats';
import { ClusterHighlight } from './cluster-highlight';
import { FeedbackChart } from './feedback-chart';

const windows = [7, 30, 90] as const;

export function DashboardPage() {
  const project = useCurrentProject();
  const [days, setDays] = useState<number>(30);
  const stats = useStats(project.id, days);

  return (
    <>
      <PageHeader title={`${project.name}: overview`}>
        <div role="group" aria-label="Time window" className="segmented">
          {windows.map((d) => (
            <button key={d} type="button" aria-pressed={days === d} onClick={() => setDays(d)}>
              {d} days
            </button>
          ))}
        </div>
      </PageHeader>
      {stats.isPending && <Loading label="Loading statistics…" />}
      {stats.isError && <ErrorMessage error={stats.error} onRetry={() => void stats.refetch()} />}
      {stats.data !== undefined && (
        <>
          <section aria-labelledby="clusters-by-status">
            <h2 id="clusters-by-status">Clusters by status</h2>
            <ul className="stat-grid">
              {clusterStatuses.map((s) => (
                <li key={s} className={`stat stat-${s}`}>
                  <Link to={`/dashboard/clusters?status=${s}`}>
                    <span className="stat-value">{stats.data.clustersByStatus[s]}</span>
                    <span className="stat-label">{clusterStatusLabel[s]}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
          <div className="two-col">
            <ClusterHighlight
              id="new-this-week"
              title="New this week"
              clusters={stats.data.highlights.newThisWeek}
              empty="No cluster formed in the last 7 days."
            />
            <ClusterHighlight
              id="growing-fastest"
              title="Growing fastest"
              clusters={stats.data.highlights.growingFastest}
              empty="No cluster has more reports this week than the week before."
            />
          </div>
          <section aria-labelledby="feedback-over-time" className="card">
            <h2 id="feedback-over-time">Feedback by source</h2>
            {stats.data.feedbackBySource.length === 0 ? (
              <EmptyState title={`No feedback in the last ${days} days.`}>
                <p>
                  Connect a source or submit a report by hand on the{' '}
                  <Link to="/dashboard/feedback">Feedback</Link> page.
                </p>
              </EmptyState>
            ) : (
              <FeedbackChart data={stats.data.feedbackBySource} days={days} />
            )}
          </section>
          <div className="two-col">
            <section aria-labelledby="prs-heading" className="card">
              <h2 id="prs-heading">Pull requests</h2>
              <ul className="stat-grid small">
                <li className="stat stat-pr-open">
                  <span className="stat-value">{stats.data.prs.open}</span>
                  <span className="stat-label">Open</span>
                </li>
                <li className="stat stat-pr-merged">
                  <span className="stat-value">{stats.data.prs.merged}</span>
                  <span className="stat-label">Merged</span>
                </li>
                <li className="stat stat-pr-closed">
                  <span className="stat-value">{stats.data.prs.closed}</span>
                  <span className="stat-label">Closed</span>
                </li>
              </ul>
              <Link to="/dashboard/prs">All fixes and pull requests</Link>
            </section>
            <section aria-labelledby="fixes-heading" className="card">
              <h2 id="fixes-heading">Fixes</h2>
              <dl className="kv">
                {Object.entries(stats.data.jobsByStatus).map(([status, n]) => (
                  <div key={status}>
                    <dt>{fixStatusLabel[status as keyof typeof fixStatusLabel] ?? status}</dt>
                    <dd>{n}</dd>
                  </div>
                ))}
              </dl>
            </section>
          </div>
        </>
      )}
    </>
  );
}
