import { RelativeTime } from '../../../components/relative-time';
import { labelOf, sourceLabel } from '../../../lib/format';
import type { ClusterItem, ClusteringDecision } from '../api/clusters';

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

export function ClusterItems({ items, total }: { items: ClusterItem[]; total: number }) {
  const titleOf = (id: string) => items.find((i) => i.id === id)?.title;
  return (
    <section className="card" aria-labelledby="items-heading">
      <h2 id="items-heading">
        Feedback in this cluster <span className="muted">({total})</span>
      </h2>
      {items.length < total && (
        <p className="muted small">
          Showing the newest {items.length} of {total} reports.
        </p>
      )}
      <ul className="item-list">
        {items.map((item) => (
          <li key={item.id} className="item">
            <div className="item-head">
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
          </li>
        ))}
      </ul>
    </section>
  );
}
