import { useId, useState, type FormEvent } from 'react';
import { FormError } from '../../../components/error-message';
import { RelativeTime } from '../../../components/relative-time';
import { usePreviewMapping, type FieldMapping } from '../api/mapping-preview';
import { useUpdateSource, type SourceView } from '../api/sources';

const FIELDS: { name: keyof FieldMapping; label: string; placeholder: string }[] = [
  { name: 'title', label: 'Title', placeholder: 'e.g. monitor.name (required)' },
  { name: 'body', label: 'Body', placeholder: 'e.g. event.message' },
  { name: 'url', label: 'URL', placeholder: 'e.g. monitor.link' },
  { name: 'externalId', label: 'External id', placeholder: 'e.g. event.id (blank: the exact body)' },
  { name: 'level', label: 'Level', placeholder: 'e.g. level' },
];

function readMapping(form: HTMLFormElement): FieldMapping {
  const data = new FormData(form);
  const mapping: FieldMapping = { title: String(data.get('title') ?? '').trim() };
  for (const f of FIELDS.slice(1)) {
    const v = String(data.get(f.name) ?? '').trim();
    if (v !== '') mapping[f.name] = v;
  }
  return mapping;
}

/**
 * Field mapping of a source whose body is a template the user edits: JSON paths for title, body, URL,
 * external id and level, previewed on the last delivery before saving.
 */
export function FieldMappingEditor({ projectId, source }: { projectId: string; source: SourceView }) {
  const id = useId();
  const saved = (source.config.mapping ?? null) as FieldMapping | null;
  const preview = usePreviewMapping(projectId, source.id);
  const update = useUpdateSource(projectId);
  const [formKey, setFormKey] = useState(0);

  const onPreview = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    preview.mutate(readMapping(e.currentTarget));
  };

  return (
    <details className="field-mapping">
      <summary>Field mapping {saved ? '(custom template)' : '(built-in parser)'}</summary>
      <p className="hint">
        For an edited body template: where each field is, as a path of keys and [index], e.g.{' '}
        <code>event.properties.$exception_list[0].value</code>. Preview it on the last delivery, then save.
      </p>
      <form
        key={formKey}
        className="form"
        onSubmit={onPreview}
        aria-label={`Field mapping of ${source.name}`}
      >
        {FIELDS.map((f) => (
          <div className="field" key={f.name}>
            <label htmlFor={`${id}-${f.name}`}>{f.label} path</label>
            <input
              id={`${id}-${f.name}`}
              name={f.name}
              type="text"
              spellCheck={false}
              autoComplete="off"
              maxLength={300}
              placeholder={f.placeholder}
              defaultValue={saved?.[f.name] ?? ''}
            />
          </div>
        ))}
        <FormError error={preview.error ?? update.error} />
        <div className="row">
          <button type="submit" disabled={preview.isPending}>
            {preview.isPending ? 'Previewing…' : 'Preview on last delivery'}
          </button>
          <button
            type="button"
            className="button-primary"
            disabled={update.isPending}
            onClick={(e) => {
              const form = e.currentTarget.form;
              if (form) update.mutate({ id: source.id, patch: { config: { mapping: readMapping(form) } } });
            }}
          >
            Save mapping
          </button>
          {saved !== null && (
            <button
              type="button"
              disabled={update.isPending}
              onClick={() =>
                update.mutate(
                  { id: source.id, patch: { config: { mapping: null } } },
                  { onSuccess: () => setFormKey((k) => k + 1) },
                )
              }
            >
              Clear mapping
            </button>
          )}
        </div>
      </form>
      {preview.data !== undefined && (
        <div className="mapping-preview" aria-label="Mapping preview">
          {preview.data.delivery === null ? (
            <p className="muted">No delivery received yet: send one from the vendor, then preview again.</p>
          ) : preview.data.delivery.tooLarge ? (
            <p className="muted">
              The last delivery ({preview.data.delivery.bodyBytes} bytes) was too large to keep for a preview.
            </p>
          ) : (
            <>
              <p className="small muted">
                Last delivery <RelativeTime iso={preview.data.delivery.receivedAt} />
              </p>
              <dl>
                {FIELDS.filter((f) => preview.data.mapping[f.name] !== undefined).map((f) => (
                  <div key={f.name}>
                    <dt>{f.label}</dt>
                    <dd>
                      {preview.data.values[f.name] ?? (
                        <span className="form-error">nothing at {preview.data.mapping[f.name]}</span>
                      )}
                    </dd>
                  </div>
                ))}
              </dl>
              <details>
                <summary>Delivery body</summary>
                <pre className="small">{JSON.stringify(preview.data.delivery.body, null, 2)}</pre>
              </details>
            </>
          )}
        </div>
      )}
    </details>
  );
}
