import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage, FormError } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import { useCurrentProject } from '../../../lib/project-context';
import {
  eventLabels,
  notificationEvents,
  useChannels,
  useCreateRule,
  useDeleteRule,
  useRules,
  useUpdateRule,
  type NotificationEvent,
  type Rule,
} from '../api/notifications';

const describe = (r: Rule) =>
  r.event === 'cluster.growing'
    ? `${eventLabels[r.event]}: ${r.minReports} reports within ${r.windowMinutes} minutes`
    : eventLabels[r.event];

/** When to notify: one rule per event and channel. */
export function RulesPanel() {
  const project = useCurrentProject();
  const ids = { event: useId(), channel: useId(), min: useId(), window: useId() };
  const rules = useRules(project.id);
  const channels = useChannels(project.id);
  const create = useCreateRule(project.id);
  const update = useUpdateRule(project.id);
  const remove = useDeleteRule(project.id);
  const [event, setEvent] = useState<NotificationEvent>('cluster.created');
  const channelName = (id: string) =>
    channels.data?.items.find((c) => c.id === id)?.name ?? 'deleted channel';

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    create.mutate({
      event,
      channelId: String(data.get('channelId')),
      ...(event === 'cluster.growing'
        ? { minReports: Number(data.get('minReports')), windowMinutes: Number(data.get('windowMinutes')) }
        : {}),
    });
  };

  return (
    <section className="card" aria-labelledby="rules-heading">
      <h2 id="rules-heading">Rules</h2>
      {rules.isPending && <Loading label="Loading rules…" />}
      {rules.isError && <ErrorMessage error={rules.error} onRetry={() => void rules.refetch()} />}
      {rules.data?.items.length === 0 && <p className="muted">No rule yet: nothing is sent.</p>}
      <ul className="item-list">
        {(rules.data?.items ?? []).map((r) => (
          <li key={r.id} className="item row">
            <strong>{describe(r)}</strong>
            <span className="muted">→ {channelName(r.channelId)}</span>
            {!r.enabled && <span className="badge">paused</span>}
            <span className="push-right row">
              <button
                type="button"
                disabled={update.isPending}
                onClick={() => update.mutate({ id: r.id, enabled: !r.enabled })}
              >
                {r.enabled ? 'Pause' : 'Resume'}
              </button>
              <button type="button" disabled={remove.isPending} onClick={() => remove.mutate(r.id)}>
                Delete rule
              </button>
            </span>
          </li>
        ))}
      </ul>
      <FormError error={update.error ?? remove.error} />
      {channels.data?.items.length === 0 ? (
        <p className="muted small">Add a channel first.</p>
      ) : (
        <form className="row" onSubmit={submit} aria-label="Add a rule">
          <div className="field">
            <label htmlFor={ids.event}>When</label>
            <select
              id={ids.event}
              name="event"
              value={event}
              onChange={(e) => setEvent(e.target.value as NotificationEvent)}
            >
              {notificationEvents.map((ev) => (
                <option key={ev} value={ev}>
                  {eventLabels[ev]}
                </option>
              ))}
            </select>
          </div>
          {event === 'cluster.growing' && (
            <>
              <div className="field">
                <label htmlFor={ids.min}>Reports</label>
                <input id={ids.min} name="minReports" type="number" min={1} defaultValue={10} required />
              </div>
              <div className="field">
                <label htmlFor={ids.window}>Within minutes</label>
                <input
                  id={ids.window}
                  name="windowMinutes"
                  type="number"
                  min={1}
                  defaultValue={60}
                  required
                />
              </div>
            </>
          )}
          <div className="field">
            <label htmlFor={ids.channel}>Send to</label>
            <select id={ids.channel} name="channelId" required>
              {(channels.data?.items ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <button type="submit" disabled={create.isPending}>
              Add rule
            </button>
          </div>
        </form>
      )}
      <FormError error={create.error} />
    </section>
  );
}
