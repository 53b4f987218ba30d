import { useId, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { CursorPager } from '../../../components/cursor-pager';
import { EmptyState } from '../../../components/empty-state';
import { ErrorMessage } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import { PageHeader } from '../../../components/page-header';
import { PriorityScore } from '../../../components/priority-score';
import { RelativeTime } from '../../../components/relative-time';
import { SourceCounts } from '../../../components/source-counts';
import { Sparkline } from '../../../components/sparkline';
import { ClusterStatusBadge } from '../../../components/status-badge';
import { clusterStatuses, type Cluster, type ClusterStatus } from '../../../lib/api-types';
import { clusterStatusLabel } from '../../../lib/format';
import { useCurrentProject } from '../../../lib/project-context';
import { SourceKindOptions } from '../../../components/source-kind-options';
import { useSourceKinds } from '../../../lib/source-kinds';
import { useCursorPages } from '../../../lib/use-cursor-pages';
import { useClusters, type ClusterSort } from '../api/clusters';
import { BulkToolbar } from './bulk-toolbar';
import { ClusteringSettings } from './clustering-settings';

const sorts: { value: ClusterSort; label: string }[] = [
  { value: 'priority', label: 'Priority' },
  { value: 'last_seen', label: 'Last seen' },
  { value: 'size', label: 'Size' },
  { value: 'created', label: 'Newest' },
];

const pick = <T extends string>(allowed: readonly T[], v: string | null): T | undefined =>
  allowed.includes(v as T) ? (v as T) : undefined;

export function ClustersPage() {
  const project = useCurrentProject();
  const ids = { status: useId(), source: useId(), sort: useId(), q: useId() };
  const [params, setParams] = useSearchParams();
  const status = pick(clusterStatuses, params.get('status'));
  const kinds = useSourceKinds(project.id);
  // until the kinds arrive, trust the URL; then drop a source the server does not know
  const known = kinds.data?.items.map((k) => k.kind);
  const source =
    known === undefined ? (params.get('source') ?? undefined) : pick(known, params.get('source'));
  const sort = pick(['priority', 'last_seen', 'size', 'created'] as const, params.get('sort')) ?? 'priority';
  const q = params.get('q') ?? '';

  const filterKey = JSON.stringify([project.id, status, source, sort, q]);
  const pages = useCursorPages(filterKey);
  const cursor = pages.cursor;
  const clusters = useClusters(project.id, { status, source, sort, q: q || undefined, cursor });

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value === '') next.delete(name);
    else next.set(name, value);
    setParams(next, { replace: true });
  };
  const search = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setFilter('q', String(new FormData(e.currentTarget).get('q') ?? '').trim());
  };
  const filtered = status !== undefined || source !== undefined || q !== '';

  // selection, in the order of selecting (the first is a merge's target); shift-click selects a range
  const [selected, setSelected] = useState<Cluster[]>([]);
  const lastClicked = useRef<number | null>(null);
  const rows = clusters.data?.items ?? [];
  const isSelected = (id: string) => selected.some((c) => c.id === id);
  const toggle = (index: number, e: MouseEvent<HTMLInputElement>) => {
    const row = rows[index];
    if (row === undefined) return;
    const on = !isSelected(row.id);
    const from = e.shiftKey && lastClicked.current !== null ? Math.min(lastClicked.current, index) : index;
    const to = e.shiftKey && lastClicked.current !== null ? Math.max(lastClicked.current, index) : index;
    const range = rows.slice(from, to + 1);
    setSelected((sel) =>
      on
        ? [...sel, ...range.filter((c) => !sel.some((s) => s.id === c.id))]
        : sel.filter((s) => !range.some((c) => c.id === s.id)),
    );
    lastClicked.current = index;
  };
  const allOnPage = rows.length > 0 && rows.every((c) => isSelected(c.id));
  // one repository for every row: say it once above the table instead of on each row
  const repos = new Set(rows.map((c) => c.repo));
  const sharedRepo = repos.size === 1 ? [...repos][0] : undefined;

  return (
    <>
      <PageHeader title="Clusters" />
      <ClusteringSettings projectId={project.id} />
      <div className="filters" role="search" aria-label="Filter clusters">
        <div className="field inline">
          <label htmlFor={ids.status}>Status</label>
          <select id={ids.status} value={status ?? ''} onChange={(e) => setFilter('status', e.target.value)}>
            <option value="">Any status</option>
            {clusterStatuses.map((s) => (
              <option key={s} value={s}>
                {clusterStatusLabel[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor={ids.source}>Source</label>
          <select id={ids.source} value={source ?? ''} onChange={(e) => setFilter('source', e.target.value)}>
            <SourceKindOptions kinds={kinds.data?.items} />
          </select>
        </div>
        <div className="field inline">
          <label htmlFor={ids.sort}>Sort by</label>
          <select id={ids.sort} value={sort} onChange={(e) => setFilter('sort', e.target.value)}>
            {sorts.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <form className="field inline search" onSubmit={search} key={q}>
          <label htmlFor={ids.q}>Search</label>
          <input id={ids.q} name="q" type="search" defaultValue={q} placeholder="Title or summary" />
          <button type="submit">Search</button>
        </form>
      </div>

      {clusters.isPending && <Loading label="Loading clusters…" />}
      {clusters.isError && <ErrorMessage error={clusters.error} onRetry={() => void clusters.refetch()} />}
      {clusters.data !== undefined && clusters.data.items.length === 0 && (
        <EmptyState title={filtered ? 'No cluster matches these filters.' : 'No clusters yet.'}>
          {filtered ? (
            <button type="button" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
              Clear filters
            </button>
          ) : (
            <p>
              Clusters form as feedback arrives.{' '}
              <Link to="/dashboard/feedback">Submit feedback or configure a source</Link>.
            </p>
          )}
        </EmptyState>
      )}
      {clusters.data !== undefined && clusters.data.items.length > 0 && (
        <>
          <BulkToolbar projectId={project.id} selected={selected} onDone={() => setSelected([])} />
          <p className="muted small list-meta">
            <span className="cluster-total" aria-live="polite">
              {clusters.data.total === 1
                ? filtered
                  ? '1 cluster matches'
                  : '1 cluster'
                : `${clusters.data.total.toLocaleString()} clusters${filtered ? ' match' : ''}`}
            </span>
            {sharedRepo != null && (
              <>
                {' · '}every cluster on this page fixes in <code>{sharedRepo}</code>
              </>
            )}
          </p>
          <div className="table-wrap">
            <table className="table clusters-table" aria-describedby="clusters-caption">
              <caption id="clusters-caption" className="visually-hidden">
                Clusters sorted by {sorts.find((s) => s.value === sort)?.label.toLowerCase()}, descending
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="select-col">
                    <input
                      type="checkbox"
                      aria-label="Select every cluster on this page"
                      checked={allOnPage}
                      onChange={() =>
                        setSelected(allOnPage ? [] : [...selected, ...rows.filter((c) => !isSelected(c.id))])
                      }
                    />
                  </th>
                  <th scope="col" aria-sort={sort === 'priority' ? 'descending' : undefined} className="num">
                    Priority
                  </th>
                  <th scope="col">Cluster</th>
                  <th scope="col">Status</th>
                  <th scope="col" aria-sort={sort === 'size' ? 'descending' : undefined} className="num">
                    Size
                  </th>
                  <th scope="col" className="hide-narrow">
                    Last 7 days
                  </th>
                  <th scope="col" className="hide-narrow">
                    Sources
                  </th>
                  <th scope="col" aria-sort={sort === 'last_seen' ? 'descending' : undefined}>
                    Last seen
                  </th>
                </tr>
              </thead>
              <tbody>
                {clusters.data.items.map((c, index) => (
                  <tr key={c.id} className={isSelected(c.id) ? 'selected' : undefined}>
                    <td className="select-col">
                      <input
                        type="checkbox"
                        aria-label={`Select ${c.title || 'untitled cluster'}`}
                        checked={isSelected(c.id)}
                        onClick={(e) => toggle(index, e)}
                        onChange={() => undefined}
                      />
                    </td>
                    <td className="num">
                      <PriorityScore priority={c.priority} />
                    </td>
                    <td className="cluster-cell">
                      <Link to={`/dashboard/clusters/${c.id}`} className="row-link">
                        {c.title || 'Untitled cluster'}
                      </Link>
                      {c.repo !== null && sharedRepo === undefined && (
                        <span className="muted small"> · {c.repo}</span>
                      )}
                      {c.summary !== '' && <p className="summary-preview">{c.summary}</p>}
                    </td>
                    <td>
                      <ClusterStatusBadge status={c.status as ClusterStatus} />
                    </td>
                    <td className="num size">{c.itemCount}</td>
                    <td className="hide-narrow">
                      <Sparkline values={c.trend} label="Reports per day, last 7 days" />
                    </td>
                    <td className="hide-narrow">
                      <SourceCounts counts={c.sourceCounts} />
                    </td>
                    <td>
                      <RelativeTime iso={c.lastSeenAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CursorPager label="Cluster pages" pages={pages} nextCursor={clusters.data.nextCursor} />
        </>
      )}
    </>
  );
}
