import { CursorPager } from '../../../components/cursor-pager';
import { ErrorMessage } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import { RelativeTime } from '../../../components/relative-time';
import { useCurrentProject } from '../../../lib/project-context';
import { useCursorPages } from '../../../lib/use-cursor-pages';
import { eventLabels, useChannels, useDeliveries, type Delivery } from '../api/notifications';

const label = (event: string) => eventLabels[event as keyof typeof eventLabels] ?? event;

/** Every delivery: its status, attempts, the receiver's answer and the last error. */
export function DeliveryLog() {
  const project = useCurrentProject();
  const pages = useCursorPages(project.id);
  const deliveries = useDeliveries(project.id, pages.cursor);
  const channels = useChannels(project.id);
  const channelName = (d: Delivery) =>
    channels.data?.items.find((c) => c.id === d.channelId)?.name ?? (d.channelId === null ? 'deleted' : '…');

  return (
    <section className="card" aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">Delivery log</h2>
      {deliveries.isPending && <Loading label="Loading deliveries…" />}
      {deliveries.isError && (
        <ErrorMessage error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      )}
      {deliveries.data?.items.length === 0 && <p className="muted">Nothing sent yet.</p>}
      {(deliveries.data?.items.length ?? 0) > 0 && (
        <div className="table-wrap">
          <table className="table" aria-label="Deliveries">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">About</th>
                <th scope="col">Channel</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Attempts
                </th>
                <th scope="col" className="num">
                  Response
                </th>
                <th scope="col">Error</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data!.items.map((d) => (
                <tr key={d.id}>
                  <td>{label(d.event)}</td>
                  <td>{d.subject ?? '—'}</td>
                  <td>{channelName(d)}</td>
                  <td>
                    <span className={`badge status-${d.status}`}>{d.status}</span>
                  </td>
                  <td className="num">
                    {d.attempts}/{d.maxAttempts}
                  </td>
                  <td className="num">{d.responseCode ?? '—'}</td>
                  <td className="small">{d.error ?? ''}</td>
                  <td>
                    <RelativeTime iso={d.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CursorPager label="Delivery pages" pages={pages} nextCursor={deliveries.data?.nextCursor ?? null} />
    </section>
  );
}
