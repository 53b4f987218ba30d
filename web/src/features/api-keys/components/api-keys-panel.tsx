import { useId, useRef, useState, type FormEvent } from 'react';
import { CopyField } from '../../../components/copy-field';
import { ErrorMessage, FormError } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import { RelativeTime } from '../../../components/relative-time';
import { useCurrentProject } from '../../../lib/project-context';
import {
  useApiKeys,
  useCreateApiKey,
  useRevokeApiKey,
  useRotateApiKey,
  type IssuedKey,
} from '../api/api-keys';

/** The project's named API keys: owners create, rotate and revoke them; a new secret is shown once. */
export function ApiKeysPanel() {
  const project = useCurrentProject();
  const isOwner = project.role === 'owner';
  const nameId = useId();
  const form = useRef<HTMLFormElement>(null);
  const keys = useApiKeys(project.id, isOwner);
  const create = useCreateApiKey(project.id);
  const rotate = useRotateApiKey(project.id);
  const revoke = useRevokeApiKey(project.id);
  const [issued, setIssued] = useState<IssuedKey | undefined>();
  const show = (r: unknown) => setIssued(r as IssuedKey);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get('name') ?? '').trim();
    create.mutate(name, {
      onSuccess: (r) => {
        show(r);
        form.current?.reset();
      },
    });
  };

  if (!isOwner)
    return (
      <section className="card" aria-labelledby="keys-heading">
        <h2 id="keys-heading">API keys</h2>
        <p className="muted small">Only owners can see and manage the project's API keys.</p>
      </section>
    );
  return (
    <section className="card" aria-labelledby="keys-heading">
      <h2 id="keys-heading">API keys</h2>
      {keys.isPending && <Loading label="Loading API keys…" />}
      {keys.isError && <ErrorMessage error={keys.error} onRetry={() => void keys.refetch()} />}
      <ul className="item-list">
        {(keys.data?.items ?? []).map((k) => (
          <li key={k.id} className="item row">
            <strong>{k.name}</strong>
            <code>{k.prefix}…</code>
            <span className="muted small">
              last used {k.lastUsedAt === null ? 'never' : <RelativeTime iso={k.lastUsedAt} />}
            </span>
            {k.revokedAt !== null ? (
              <span className="badge">revoked</span>
            ) : (
              <span className="push-right row">
                <button
                  type="button"
                  disabled={rotate.isPending}
                  onClick={() => rotate.mutate(k.id, { onSuccess: show })}
                >
                  Rotate {k.name}
                </button>
                <button type="button" disabled={revoke.isPending} onClick={() => revoke.mutate(k.id)}>
                  Revoke {k.name}
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {issued !== undefined && (
        <div role="status">
          <p className="small">
            The key {issued.apiKey.name}: shown once, only its hash is kept. Whatever used the previous secret
            needs this one.
          </p>
          <CopyField label="API key" value={issued.key} />
        </div>
      )}
      <FormError error={rotate.error ?? revoke.error} />
      <form ref={form} className="row" onSubmit={submit} aria-label="Create an API key">
        <div className="field">
          <label htmlFor={nameId}>Key name</label>
          <input id={nameId} name="name" required maxLength={100} autoComplete="off" />
        </div>
        <div className="field">
          <button type="submit" disabled={create.isPending}>
            Create key
          </button>
        </div>
      </form>
      <FormError error={create.error} />
    </section>
  );
}
