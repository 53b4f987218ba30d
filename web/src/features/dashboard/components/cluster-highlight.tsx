import { Link } from 'react-router';
import { PriorityScore } from '../../../components/priority-score';
import { Sparkline } from '../../../components/sparkline';
import type { Cluster } from '../../../lib/api-types';

/** A short list of clusters on the overview (new this week, growing fastest) with their trend. */
export function ClusterHighlight({
  id,
  title,
  clusters,
  empty,
}: {
  id: string;
  title: string;
  clusters: Cluster[];
  empty: string;
}) {
  return (
    <section aria-labelledby={id} className="card highlight">
      <h2 id={id}>{title}</h2>
      {clusters.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ol className="highlight-list">
          {clusters.map((c) => {
            const change = c.priority.recent - c.priority.previous;
            return (
              <li key={c.id}>
                <PriorityScore priority={c.priority} />
                <span className="highlight-title">
                  <Link to={`/dashboard/clusters/${c.id}`}>{c.title || 'Untitled cluster'}</Link>
                  <span className="muted small">
                    {c.priority.recent} this week
                    {change > 0 && <span className="trend-up"> (+{change})</span>}
                  </span>
                </span>
                <Sparkline values={c.trend} label="Reports per day, last 7 days" />
              </li>
            );
          })}
        </ol>
      )}
      <Link to="/dashboard/clusters">All clusters by priority</Link>
    </section>
  );
}
