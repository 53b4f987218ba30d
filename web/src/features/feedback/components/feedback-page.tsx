import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { CursorPager } from '../../../components/cursor-pager';
import { EmptyState } from '../../../components/empty-state';
import { ErrorMessage } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import { PageHeader } from '../../../components/page-header';
import { RelativeTime } from '../../../components/relative-time';
import { labelOf, sourceLabel } from '../../../lib/format';
import { useCurrentProject } from '../../../lib/project-context';
import { SourceKindOptions } from '../../../components/source-kind-options';
import { useSourceKinds } from '../../../lib/source-kinds';
import { useCursorPages } from '../../../lib/use-cursor-pages';
import { useFeedback } from '../api/feedback';
import { ManualFeedbackForm } from './manual-feedback-form';

/** All feedback of the project, the manual form, and (passed in by the app) the source settings. */
export function FeedbackPage() {
  const project = useCurrentProject();
  const kinds = useSourceKinds(project.id);
  const ids = { source: useId(), q: useId() };
  const [filters, setFilters] = useState<{ source: string; q: string }>({ source: '', q: '' });
  const key = JSON.stringify([project.id, filters]);
  const pages = useCursorPages(key);
  const feedback = useFeedback(project.id, {
    source: filters.source || undefined,
    q: filters.q || undefined,
    cursor: pages.cursor,
  });
  const search = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    // read the form now: React clears e.currentTarget once the handler returns, before the updater runs
    const q = String(new FormData(e.currentTarget).get('q') ?? '').trim();
    setFilters((f) => ({ ...f, q }));
  };
  const filtered = filters.source !== '' || filters.q !== '';

  return (
    <>
      <PageHeader title="Feedback">
        <Link className="button" to="/dashboard/sources">
          Configure sources
        </Link>
      </PageHeader>
      <div className="two-col wide-left">
        <section aria-labelledby="all-feedback">
          <h2 id="all-feedback">All feedback</h2>
          <div className="filters" role="search" aria-label="Filter feedback">
            <div className="field inline">
              <label htmlFor={ids.source}>Source</label>
              <select
                id={ids.source}
                value={filters.source}
                onChange={(e) => setFilters((f) => ({ ...f, source: e.target.value }))}
              >
                <SourceKindOptions kinds={kinds.data?.items} />
              </select>
            </div>
            <form className="field inline search" onSubmit={search}>
              <label htmlFor={ids.q}>Search</label>
              <input id={ids.q} name="q" type="search" placeholder="Title or text" />
              <button type="submit">Search</button>
            </form>
          </div>
          {feedback.isPending && <Loading label="Loading feedback…" />}
          {feedback.isError && (
            <ErrorMessage error={feedback.error} onRetry={() => void feedback.refetch()} />
          )}
          {feedback.data !== undefined && feedback.data.items.length === 0 && (
            <EmptyState title={filtered ? 'Nothing matches these filters.' : 'No feedback yet.'}>
              <p>
                {filtered
                  ? 'Change the source or search text.'
                  : 'Submit a report with the form, or configure a source below so feedback arrives by itself.'}
              </p>
            </EmptyState>
          )}
          {feedback.data !== undefined && feedback.data.items.length > 0 && (
            <>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Report</th>
                      <th scope="col">Source</th>
                      <th scope="col">Cluster</th>
                      <th scope="col">Received</th>
                    </tr>
                  </thead>
                  <tbody>
                    {feedback.data.items.map((item) => (
                      <tr key={item.id}>
                        <td>
                          {item.url !== null ? (
                            <a href={item.url} target="_blank" rel="noreferrer noopener">
                              {item.title}
                            </a>
                          ) : (
                            item.title
                          )}
                          {item.author !== null && <span className="muted small"> · {item.author}</span>}
                        </td>
                        <td>
                          <span className={`tag tag-${item.source}`}>
                            {labelOf(sourceLabel, item.source)}
                          </span>
                        </td>
                        <td>
                          {item.clusterId !== null ? (
                            <Link to={`/dashboard/clusters/${item.clusterId}`}>Open cluster</Link>
                          ) : (
                            <span className="muted">Clustering…</span>
                          )}
                        </td>
                        <td>
                          <RelativeTime iso={item.receivedAt} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <CursorPager label="Feedback pages" pages={pages} nextCursor={feedback.data.nextCursor} />
            </>
          )}
        </section>
        <ManualFeedbackForm projectId={project.id} />
      </div>
    </>
  );
}
