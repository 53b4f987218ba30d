import { useId, useState } from 'react';
import { EmptyState } from '../../../components/empty-state';
import { ErrorMessage } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import { useCurrentProject } from '../../../lib/project-context';
import { useSourceKinds } from '../../../lib/source-kinds';
import { useCreateSource, useSources, type SourceKind } from '../api/sources';
import { SourceCard } from './source-card';
import { SourceForm } from './source-form';

/**
 * Every source with its settings, the webhook URL to paste into its vendor and what arrived last, plus
 * the add form; a warning first when vendors cannot reach this server's URL.
 */
export function SourcesPanel() {
  const project = useCurrentProject();
  const sources = useSources(project.id);
  const kinds = useSourceKinds(project.id);
  const kindId = useId();
  const [kind, setKind] = useState<SourceKind | ''>('');
  const create = useCreateSource(project.id);
  const specs = new Map((kinds.data?.items ?? []).map((k) => [k.kind, k]));
  const chosen = kind === '' ? undefined : specs.get(kind);

  return (
    <section id="configure-sources" aria-labelledby="sources-heading" tabIndex={-1}>
      <h2 id="sources-heading" className="visually-hidden">
        Configure sources
      </h2>
      <p className="muted">
        Where feedback comes from. Each source shows the URL to paste into the vendor, how the vendor proves
        it is them, and the last delivery that arrived.
      </p>
      {sources.data?.publicUrl.loopback === true && (
        <div className="notice warning" role="note" aria-label="Public URL">
          <p>
            <strong>Vendors cannot reach {sources.data.publicUrl.url}.</strong> It is a loopback address, so
            the webhook URLs below work only from this machine.
          </p>
          <p className="small">
            {sources.data.publicUrl.configured ? (
              <>
                <code>PUBLIC_URL</code> is set to a loopback address.
              </>
            ) : (
              <>
                <code>PUBLIC_URL</code> is not set.
              </>
            )}{' '}
            Set it to the address Sentry, GitHub and the others can reach (for example{' '}
            <code>https://soulcaster.example.com</code>, through a tunnel or a reverse proxy) and restart the
            server; the URLs here follow it.
          </p>
        </div>
      )}
      {(sources.isPending || kinds.isPending) && <Loading label="Loading sources…" />}
      {sources.isError && <ErrorMessage error={sources.error} onRetry={() => void sources.refetch()} />}
      {kinds.isError && <ErrorMessage error={kinds.error} onRetry={() => void kinds.refetch()} />}
      {sources.data !== undefined && sources.data.items.length === 0 && (
        <EmptyState title="No sources configured.">
          <p>
            Add one below: a subreddit to watch, a repository's issues, or the webhook of an error tracker,
            monitor, analytics or support tool.
          </p>
        </EmptyState>
      )}
      <ul className="source-list">
        {(sources.data?.items ?? []).map((s) => {
          const spec = specs.get(s.kind);
          return (
            spec && (
              <SourceCard
                key={s.id}
                projectId={project.id}
                source={s}
                spec={spec}
                isOwner={project.role === 'owner'}
              />
            )
          );
        })}
      </ul>

      <div className="add-source card">
        <h3>Add a source</h3>
        <div className="field inline">
          <label htmlFor={kindId}>Kind</label>
          <select
            id={kindId}
            value={kind}
            onChange={(e) => {
              create.reset();
              setKind(e.target.value as SourceKind | '');
            }}
          >
            <option value="">Choose…</option>
            {[...specs.values()].map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        {chosen !== undefined && (
          <SourceForm
            key={kind}
            spec={chosen}
            submitLabel={`Add ${chosen.label} source`}
            pending={create.isPending}
            error={create.error}
            onSubmit={(v) => create.mutate({ kind: chosen.kind, ...v }, { onSuccess: () => setKind('') })}
            onCancel={() => setKind('')}
          />
        )}
      </div>
    </section>
  );
}
