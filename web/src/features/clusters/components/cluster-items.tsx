import { useState } from 'react';
import { FormError } from '../../../components/error-message';
import { RelativeTime } from '../../../components/relative-time';
import { useToast } from '../../../components/toast';
import { labelOf, sourceLabel } from '../../../lib/format';
import type { ClusterDetail } from '../api/clusters';
import { useMergeClusters, useSplitCluster } from '../api/triage';
import { ItemActions } from './item-actions';
import type { ClusteringDecision } from '../api/clusters';

const pct = (x: number) => x.toFixed(2);

/** One line on why the item is here, so a person can trust or correct the grouping. */
function whyJoined(d: ClusteringDecision, titleOf: (id: string) => string | undefined): string {
  const nearest = d.nearestItemId !== null ? titleOf(d.nearestItemId) : undefined;
  const near =
    nearest !== undefined && d.nearestSimilarity !== null
      ? ` (nearest: “${nearest}”, ${pct(d.nearestSimilarity)})`
      : '';
  switch (d.kind) {
    case 'join':
      return `Joined: similarity ${pct(d.score ?? 0)} to the cluster, threshold ${pct(d.threshold)}${near}`;
    case 'new-with-similar':
      return `Started this cluster with similar reports: ${pct(d.score ?? 0)}, threshold ${pct(d.threshold)}${near}`;
    case 'pulled-in':
      return `Grouped with the report that started this cluster: similarity ${pct(d.score ?? 0)}`;
    case 'single':
      return `Started this cluster: no report reached the threshold ${pct(d.threshold)}${near}`;
  }
}

/** The cluster's reports; select some to split them off, or correct one (move, edit, delete). */
export function ClusterItems({ projectId, cluster }: { projectId: string; cluster: ClusterDetail }) {
  const { items, itemCount: total } = cluster;
  const [selected, setSelected] = useState<string[]>([]);
  const split = useSplitCluster(projectId);
  const merge = useMergeClusters(projectId);
  const toast = useToast();
  const locked = cluster.status === 'fixing' || cluster.status === 'pr_opened';
  const chosen = selected.filter((id) => items.some((i) => i.id === id));
  const titleOf = (id: string) => items.find((i) => i.id === id)?.title;

  const doSplit = () =>
    split.mutate(
      { clusterId: cluster.id, itemIds: chosen },
      {
        onSuccess: (created) => {
          setSelected([]);
          toast({
            message: `Split ${chosen.length} report(s) into a new cluster.`,
            undo: () => merge.mutateAsync({ targetId: cluster.id, sourceIds: [created.id] }),
          });
        },
      },
    );

  return (
    <section className="card" aria-labelledby="items-heading">
      <div className="card-head">
        <h2 id="items-heading">
          Feedback in this cluster <span className="muted">({total})</span>
        </h2>
        {!locked && (
          <button
            type="button"
            disabled={chosen.length === 0 || chosen.length >= total || split.isPending}
            title={chosen.length >= total ? 'Leave at least one report in this cluster' : undefined}
            onClick={doSplit}
          >
            Split {chosen.length > 0 ? `${chosen.length} selected` : 'selected'} into a new cluster
          </button>
        )}
      </div>
      {locked && (
        <p className="muted small">A fix works from these reports; reshaping waits until it is finished.</p>
      )}
      {items.length < total && (
        <p className="muted small">
          Showing the newest {items.length} of {total} reports.
        </p>
      )}
      <FormError error={split.error} />
      <ul className="item-list">
        {items.map((item) => (
          <li key={item.id} className="item" id={`item-${item.id}`}>
            <div className="item-head">
              {!locked && (
                <input
                  type="checkbox"
                  aria-label={`Select "${item.title}"`}
                  checked={selected.includes(item.id)}
                  onChange={(e) =>
                    setSelected((s) =>
                      e.target.checked ? [...s, item.id] : s.filter((id) => id !== item.id),
                    )
                  }
                />
              )}
              <span className={`tag tag-${item.source}`}>{labelOf(sourceLabel, item.source)}</span>
              {item.url !== null ? (
                <a href={item.url} target="_blank" rel="noreferrer noopener" className="item-title">
                  {item.title}
                  <span className="visually-hidden"> (opens the report at its source)</span>
                </a>
              ) : (
                <span className="item-title">{item.title}</span>
              )}
            </div>
            <div className="item-meta muted small">
              {item.author !== null && <span>{item.author} · </span>}
              <RelativeTime iso={item.occurredAt ?? item.receivedAt} />
              {item.repo !== null && <span> · repository {item.repo}</span>}
            </div>
            {item.clustering !== null && (
              <div className="item-why muted small" data-testid="why-joined">
                {whyJoined(item.clustering, titleOf)}
                {item.clustering.llmVerdict !== null && (
                  <span>
                    {' '}
                    · LLM check: {item.clustering.llmVerdict ? 'same problem' : 'different problem'} —{' '}
                    {item.clustering.llmReason}
                  </span>
                )}
              </div>
            )}
            {item.body !== '' && (
              <details>
                <summary>Details</summary>
                <pre className="item-body">{item.body}</pre>
              </details>
            )}
            {!locked && (
              <ItemActions projectId={projectId} item={item} clusterId={cluster.id} remaining={total - 1} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
