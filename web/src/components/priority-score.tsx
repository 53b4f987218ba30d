import { useId } from 'react';
import type { ClusterPriority } from '../lib/api-types';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

/**
 * The cluster's priority score; hovering or focusing it shows where the number comes from (the server's
 * parts: reports, people, sources, the last 7 days and growth over the week before).
 */
export function PriorityScore({ priority }: { priority: ClusterPriority }) {
  const id = useId();
  const { parts } = priority;
  const change = priority.recent - priority.previous;
  return (
    <span className="priority" tabIndex={0} aria-describedby={id}>
      <span className="priority-score">{Math.round(priority.score)}</span>
      <span role="tooltip" id={id} className="tooltip">
        <strong>Priority {fmt(priority.score)}</strong>
        <span className="tooltip-rows">
          <span>
            {plural(priority.reports, 'report')} <b>+{fmt(parts.reports)}</b>
          </span>
          <span>
            {plural(priority.authors, 'person', 'people')} <b>+{fmt(parts.authors)}</b>
          </span>
          <span>
            {plural(priority.sources, 'source')} <b>+{fmt(parts.sources)}</b>
          </span>
          <span>
            {plural(priority.recent, 'report')} in the last 7 days <b>+{fmt(parts.recent)}</b>
          </span>
          <span>
            {change > 0 ? `${change} more than` : change < 0 ? `${-change} fewer than` : 'as many as'} the
            week before <b>+{fmt(parts.growth)}</b>
          </span>
        </span>
        <span className="muted">More people, more sources and recent growth rank a cluster higher.</span>
      </span>
    </span>
  );
}
