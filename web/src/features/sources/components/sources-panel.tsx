import { useId, useState } from 'react';
import { CopyField } from '../../../components/copy-field';
import { EmptyState } from '../../../components/empty-state';
import { ErrorMessage, FormError } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import { RelativeTime } from '../../../components/relative-time';
import { useCurrentProject } from '../../../lib/project-context';
import { useSourceKinds, type SourceKindSpec } from '../../../lib/source-kinds';
import {
  useCreateSource,
  useDeleteSource,
  useSources,
  useUpdateSource,
  type SourceKind,
  type SourceView,
} from '../api/sources';
import { SourceForm } from './source-form';

/** "Configure Sources": every source with the webhook URL to paste into its vendor, plus an add form. */
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
    <section className="card" id="configure-sources" aria-labelledby="sources-heading" tabIndex={-1}>
      <h2 id="sources-heading">Configure sources</h2>
      <p className="muted">
        Where feedback comes from. Each source shows the URL to paste into the vendor and how the vendor
        proves it is them.
      </p>
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
          return spec && <SourceCard key={s.id} projectId={project.id} source={s} spec={spec} />;
        })}
      </ul>

      <div className="add-source">
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

function SourceCard({
  projectId,
  source,
  spec,
}: {
  projectId: string;
  source: SourceView;
  spec: SourceKindSpec;
}) {
  const [editing, setEditing] = useState(false);
  const update = useUpdateSource(projectId);
  const remove = useDeleteSource(projectId);
  const headingId = `source-${source.id}`;
  return (
    <li className="source" aria-labelledby={headingId}>
      <div className="card-head">
        <h4 id={headingId}>
          {spec.label} · {source.name}{' '}
          {!source.enabled && <span className="badge badge-ignored">Disabled</span>}
        </h4>
        {!editing && (
          <div className="row">
            <button type="button" onClick={() => setEditing(true)}>
              Edit {spec.label} source
            </button>
            <button
              type="button"
              className="button-danger"
              disabled={remove.isPending}
              onClick={() => {
                if (window.confirm(`Delete the ${spec.label} source "${source.name}"?`))
                  remove.mutate(source.id);
              }}
            >
              Delete
            </button>
          </div>
        )}
      </div>
      <CopyField label={`Webhook URL for ${spec.label}`} value={source.webhook.url} />
      <p className="hint">{source.webhook.auth}</p>
      {Object.keys(source.secrets).length > 0 && (
        <p className="small">
          Secrets:{' '}
          {Object.entries(source.secrets).map(([name, masked], i) => (
            <span key={name}>
              {i > 0 && ', '}
              {name} <code>{masked ?? 'not set'}</code>
            </span>
          ))}
        </p>
      )}
      {spec.polled && (
        <p className="small muted">
          Last poll: <RelativeTime iso={source.lastRunAt} />
          {source.lastError !== null && <span className="form-error"> · failed: {source.lastError}</span>}
        </p>
      )}
      <FormError error={remove.error} />
      {editing && (
        <SourceForm
          spec={spec}
          source={source}
          submitLabel="Save changes"
          pending={update.isPending}
          error={update.error}
          onSubmit={(v) => update.mutate({ id: source.id, patch: v }, { onSuccess: () => setEditing(false) })}
          onCancel={() => setEditing(false)}
        />
      )}
    </li>
  );
}
