import { useState } from 'react';
import { CopyField } from '../../../components/copy-field';
import { FormError } from '../../../components/error-message';
import { RelativeTime } from '../../../components/relative-time';
import type { Field, SourceKindSpec } from '../../../lib/source-kinds';
import { useDeleteSource, useUpdateSource, type SourceView } from '../api/sources';
import { FieldMappingEditor } from './field-mapping';
import { SourceForm } from './source-form';
import { SourceQuota } from './source-quota';
import { SourceSecrets } from './source-secrets';

function showValue(field: Field, value: unknown): string {
  if (field.type === 'checkbox') return value === true ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(String).join(', ');
  if (value === undefined || value === null || value === '') return 'not set';
  return String(value);
}

const outcomeText = {
  accepted: 'accepted',
  duplicate: 'a duplicate (already stored)',
  ignored: 'ignored',
  rejected: 'refused',
} as const;

/** One configured source: what it is set to, where its vendor delivers, what arrived last, how to set it up. */
export function SourceCard({
  projectId,
  source,
  spec,
  isOwner,
}: {
  projectId: string;
  source: SourceView;
  spec: SourceKindSpec;
  isOwner: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const update = useUpdateSource(projectId);
  const remove = useDeleteSource(projectId);
  const headingId = `source-${source.id}`;
  const last = source.lastDelivery;
  return (
    <li className="source card" aria-labelledby={headingId}>
      <div className="card-head">
        <h3 id={headingId}>
          {spec.label} · {source.name}{' '}
          {!source.enabled && <span className="badge badge-ignored">Disabled</span>}
        </h3>
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

      {spec.fields.length > 0 && (
        <dl className="kv source-config" aria-label={`${spec.label} settings`}>
          {spec.fields.map((f) => (
            <div key={f.name}>
              <dt>{f.label}</dt>
              <dd>{showValue(f, source.config[f.name])}</dd>
            </div>
          ))}
        </dl>
      )}

      {source.webhook !== null ? (
        <>
          <CopyField label={`Webhook URL for ${spec.label}`} value={source.webhook.url} />
          <p className="hint">{source.webhook.auth}</p>
          <p className="small delivery" aria-live="polite">
            {last === null ? (
              <span className="muted">No delivery yet: once {spec.label} sends one, it shows here.</span>
            ) : (
              <>
                Last delivery <RelativeTime iso={last.at} />:{' '}
                <strong className={last.outcome === 'rejected' ? 'form-error' : 'success'}>
                  {outcomeText[last.outcome]}
                </strong>
                {last.detail !== null && <span className="muted"> ({last.detail})</span>}
              </>
            )}
          </p>
        </>
      ) : (
        <p className="small muted">{spec.label} is fetched on a schedule: there is no webhook to set up.</p>
      )}
      {spec.polled && (
        <p className="small">
          Last poll: <RelativeTime iso={source.lastRunAt} />
          {source.lastError !== null && <span className="form-error"> · failed: {source.lastError}</span>}
        </p>
      )}

      <SourceQuota key={source.quota?.observedAt ?? 'none'} quota={source.quota} />
      {spec.mappable && <FieldMappingEditor projectId={projectId} source={source} />}

      <SourceSecrets projectId={projectId} source={source} spec={spec} canReveal={isOwner} />

      {spec.setup.steps.length > 0 && (
        <details className="setup">
          <summary>How to set up {spec.label}</summary>
          <ol className="small setup-steps">
            {spec.setup.steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </details>
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
