import type { ClusterStatus, FixStatus } from '../lib/api-types';
import { clusterStatusLabel, fixStatusLabel } from '../lib/format';

export function ClusterStatusBadge({ status }: { status: ClusterStatus }) {
  return <span className={`badge badge-${status}`}>{clusterStatusLabel[status]}</span>;
}

export function FixStatusBadge({ status }: { status: FixStatus }) {
  return <span className={`badge badge-job-${status}`}>{fixStatusLabel[status]}</span>;
}

export function PrStateBadge({ state }: { state: 'open' | 'closed' | 'merged' | null }) {
  if (state === null) return <span className="muted">—</span>;
  return (
    <span className={`badge badge-pr-${state}`}>
      {state === 'open' ? 'Open' : state === 'merged' ? 'Merged' : 'Closed'}
    </span>
  );
}
