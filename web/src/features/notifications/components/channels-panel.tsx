import { useId, useRef, useState, type FormEvent } from 'react';
import { CopyField } from '../../../components/copy-field';
import { ErrorMessage, FormError } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import { useCurrentProject } from '../../../lib/project-context';
import {
  useChannels,
  useCreateChannel,
  useDeleteChannel,
  useSendTest,
  useUpdateChannel,
  type Channel,
} from '../api/notifications';

/** Where notifications go: Slack incoming webhooks and signed generic webhooks, with "Send a test message". */
export function ChannelsPanel() {
  const project = useCurrentProject();
  const ids = { kind: useId(), name: useId(), url: useId() };
  const form = useRef<HTMLFormElement>(null);
  const channels = useChannels(project.id);
  const create = useCreateChannel(project.id);
  const update = useUpdateChannel(project.id);
  const remove = useDeleteChannel(project.id);
  const test = useSendTest(project.id);
  // a webhook's signing secret is shown once, right after it was made
  const [secret, setSecret] = useState<{ name: string; value: string } | undefined>();
  const [tested, setTested] = useState<string | undefined>();

  const keepSecret = (c: Channel) => {
    if (c.signingSecret !== undefined) setSecret({ name: c.name, value: c.signingSecret });
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    create.mutate(
      {
        kind: String(data.get('kind')) as Channel['kind'],
        name: String(data.get('name') ?? '').trim(),
        url: String(data.get('url') ?? '').trim(),
      },
      {
        onSuccess: (c) => {
          keepSecret(c);
          form.current?.reset();
        },
      },
    );
  };

  return (
    <section className="card" aria-labelledby="channels-heading">
      <h2 id="channels-heading">Channels</h2>
      {channels.isPending && <Loading label="Loading channels…" />}
      {channels.isError && <ErrorMessage error={channels.error} onRetry={() => void channels.refetch()} />}
      {channels.data?.items.length === 0 && (
        <p className="muted">No channel yet: add a Slack or webhook URL below.</p>
      )}
      <ul className="item-list">
        {(channels.data?.items ?? []).map((c) => (
          <li key={c.id} className="item row">
            <strong>{c.name}</strong>
            <span className="badge">{c.kind === 'slack' ? 'Slack' : 'Webhook'}</span>
            <span className="muted small">{c.urlHint}</span>
            {!c.enabled && <span className="badge">disabled</span>}
            <span className="push-right row">
              <button
                type="button"
                disabled={test.isPending}
                onClick={() => test.mutate(c.id, { onSuccess: () => setTested(c.name) })}
              >
                Send a test message to {c.name}
              </button>
              <button
                type="button"
                disabled={update.isPending}
                onClick={() => update.mutate({ id: c.id, patch: { enabled: !c.enabled } })}
              >
                {c.enabled ? 'Disable' : 'Enable'}
              </button>
              {c.kind === 'webhook' && (
                <button
                  type="button"
                  disabled={update.isPending}
                  onClick={() =>
                    update.mutate(
                      { id: c.id, patch: { rotateSigningSecret: true } },
                      { onSuccess: keepSecret },
                    )
                  }
                >
                  Rotate signing secret
                </button>
              )}
              <button type="button" disabled={remove.isPending} onClick={() => remove.mutate(c.id)}>
                Delete {c.name}
              </button>
            </span>
          </li>
        ))}
      </ul>
      {tested !== undefined && (
        <p role="status" className="muted small">
          Test message to {tested} queued: its outcome appears in the delivery log.
        </p>
      )}
      {secret !== undefined && (
        <div role="status">
          <p className="small">
            Signing secret of {secret.name}: shown once. Receivers verify{' '}
            <code>X-Soulcaster-Signature-256</code> with it.
          </p>
          <CopyField label="Signing secret" value={secret.value} />
        </div>
      )}
      <FormError error={test.error ?? update.error ?? remove.error} />
      <form ref={form} className="row" onSubmit={submit} aria-label="Add a channel">
        <div className="field">
          <label htmlFor={ids.kind}>Kind</label>
          <select id={ids.kind} name="kind" defaultValue="slack">
            <option value="slack">Slack incoming webhook</option>
            <option value="webhook">Webhook (signed JSON)</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.name}>Channel name</label>
          <input id={ids.name} name="name" required maxLength={100} autoComplete="off" />
        </div>
        <div className="field grow">
          <label htmlFor={ids.url}>URL</label>
          <input id={ids.url} name="url" type="url" required maxLength={2000} autoComplete="off" />
        </div>
        <div className="field">
          <button type="submit" disabled={create.isPending}>
            Add channel
          </button>
        </div>
      </form>
      <FormError error={create.error} />
    </section>
  );
}
