import { useId, useState, type FormEvent } from 'react';
import { FormError } from '../../../components/error-message';
import type { Field, SourceKindSpec } from '../../../lib/source-kinds';
import type { SourceView } from '../api/sources';
import { generateToken } from './generate-token';

export interface SourceFormValue {
  name: string;
  enabled: boolean;
  config: Record<string, unknown>;
  /** only the secrets typed in; blank fields keep what is stored */
  secrets: Record<string, string>;
}

function readField(field: Field, data: FormData): unknown {
  const raw = data.get(field.name);
  switch (field.type) {
    case 'list':
      return String(raw ?? '')
        .split(/[\n,]/)
        .map((s) => s.trim().replace(/^r\//, ''))
        .filter((s) => s !== '');
    case 'number':
      return Number(raw ?? field.default);
    case 'select':
      return String(raw ?? field.default);
    case 'checkboxes':
      return data.getAll(field.name).map(String);
    case 'checkbox':
      return raw === 'on';
    case 'text':
      return String(raw ?? '').trim();
  }
}

function FieldInput({ field, id, value }: { field: Field; id: string; value: unknown }) {
  const hintId = `${id}-hint`;
  const hint = (
    <p id={hintId} className="hint">
      {field.hint}
    </p>
  );
  switch (field.type) {
    case 'list':
      return (
        <div className="field">
          <label htmlFor={id}>{field.label}</label>
          <textarea
            id={id}
            name={field.name}
            rows={2}
            required={field.required}
            defaultValue={Array.isArray(value) ? value.join('\n') : ''}
            aria-describedby={hintId}
          />
          {hint}
        </div>
      );
    case 'number':
      return (
        <div className="field">
          <label htmlFor={id}>{field.label}</label>
          <input
            id={id}
            name={field.name}
            type="number"
            min={field.min}
            max={field.max}
            defaultValue={typeof value === 'number' ? value : field.default}
            aria-describedby={hintId}
          />
          {hint}
        </div>
      );
    case 'select':
      return (
        <div className="field">
          <label htmlFor={id}>{field.label}</label>
          <select
            id={id}
            name={field.name}
            defaultValue={typeof value === 'string' ? value : field.default}
            aria-describedby={hintId}
          >
            {field.options.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
          {hint}
        </div>
      );
    case 'checkboxes':
      return (
        <fieldset className="field" aria-describedby={hintId}>
          <legend>{field.label}</legend>
          <div className="row">
            {field.options.map((o) => (
              <label key={o} className="check">
                <input
                  type="checkbox"
                  name={field.name}
                  value={o}
                  defaultChecked={Array.isArray(value) && value.includes(o)}
                />{' '}
                {o}
              </label>
            ))}
          </div>
          {hint}
        </fieldset>
      );
    case 'checkbox':
      return (
        <div className="field">
          <label className="check">
            <input
              type="checkbox"
              name={field.name}
              defaultChecked={value === true}
              aria-describedby={hintId}
            />{' '}
            {field.label}
          </label>
          {hint}
        </div>
      );
    case 'text':
      return (
        <div className="field">
          <label htmlFor={id}>{field.label}</label>
          <input
            id={id}
            name={field.name}
            type="text"
            autoComplete="off"
            spellCheck={false}
            maxLength={field.maxLength}
            defaultValue={typeof value === 'string' ? value : ''}
            aria-describedby={hintId}
          />
          {hint}
        </div>
      );
  }
}

/** The settings form of one source kind; used to add a source and to edit one. */
export function SourceForm({
  spec,
  source,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  spec: SourceKindSpec;
  source?: SourceView;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (value: SourceFormValue) => void;
  onCancel?: () => void;
}) {
  const id = useId();
  // generated secrets are shown in their field so they can be pasted into the vendor before saving
  const [generated, setGenerated] = useState<Record<string, string>>({});
  // secrets are typed masked; Show (or generating one, to copy it) displays the value
  const [visible, setVisible] = useState<Record<string, boolean>>({});

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const config: Record<string, unknown> = {};
    for (const f of spec.fields) config[f.name] = readField(f, data);
    const secrets: Record<string, string> = {};
    for (const s of spec.secrets) {
      const v = String(data.get(`secret-${s.name}`) ?? '').trim();
      if (v !== '') secrets[s.name] = v;
    }
    onSubmit({
      name: String(data.get('name') ?? '').trim() || 'default',
      enabled: data.get('enabled') === 'on',
      config,
      secrets,
    });
  };

  return (
    <form className="form source-form" onSubmit={submit} aria-label={`${spec.label} source settings`}>
      <p className="muted small">{spec.about}</p>
      {source === undefined && spec.setup.steps.length > 0 && (
        <ol className="small setup-steps" aria-label={`Setting up ${spec.label}`}>
          {spec.setup.steps.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
      )}
      <div className="row">
        <div className="field grow">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} name="name" defaultValue={source?.name ?? 'default'} maxLength={100} />
        </div>
        <label className="check">
          <input type="checkbox" name="enabled" defaultChecked={source?.enabled ?? true} /> Enabled
        </label>
      </div>
      {spec.fields.map((f) => (
        <FieldInput key={f.name} field={f} id={`${id}-${f.name}`} value={source?.config[f.name]} />
      ))}
      {spec.secrets.map((s) => {
        const stored = source?.secrets[s.name] ?? null;
        const fieldId = `${id}-secret-${s.name}`;
        return (
          <div className="field" key={s.name}>
            <label htmlFor={fieldId}>{s.label}</label>
            <div className="copy-row">
              <input
                id={fieldId}
                name={`secret-${s.name}`}
                type={visible[s.name] === true ? 'text' : 'password'}
                autoComplete="new-password"
                spellCheck={false}
                placeholder={stored !== null ? `stored: ${stored} (blank keeps it)` : 'not set'}
                value={generated[s.name] ?? ''}
                onChange={(e) => setGenerated((g) => ({ ...g, [s.name]: e.target.value }))}
                aria-describedby={`${fieldId}-hint`}
              />
              <button
                type="button"
                aria-pressed={visible[s.name] === true}
                onClick={() => setVisible((v) => ({ ...v, [s.name]: v[s.name] !== true }))}
              >
                {visible[s.name] === true ? 'Hide' : 'Show'}
              </button>
              {s.generate && (
                <button
                  type="button"
                  onClick={() => {
                    setGenerated((g) => ({ ...g, [s.name]: generateToken() }));
                    setVisible((v) => ({ ...v, [s.name]: true }));
                  }}
                >
                  Generate
                </button>
              )}
            </div>
            <p id={`${fieldId}-hint`} className="hint">
              {s.hint} Stored encrypted; shown masked afterwards.
            </p>
          </div>
        );
      })}
      <FormError error={error} />
      <div className="row">
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </button>
        {onCancel !== undefined && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
