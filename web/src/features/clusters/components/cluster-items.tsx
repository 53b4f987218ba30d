import { RelativeTime } from '../../../components/relative-time';
import type { FeedbackItem } from '../../../lib/api-types';
import { labelOf, sourceLabel } from '../../../lib/format';

export function ClusterItems({ items, total }: { items: FeedbackItem[]; total: number }) {
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
