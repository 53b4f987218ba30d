import { useState } from 'react';
import { CopyField } from '../../../components/copy-field';
import { FormError } from '../../../components/error-message';
import type { SourceKindSpec } from '../../../lib/source-kinds';
import { useRevealSecret, useUpdateSource, type SourceView } from '../api/sources';
import { generateToken } from './generate-token';

/**
 * A source's secrets, masked. An owner may reveal one (to paste it into the vendor again) or rotate one
 * Soulcaster generates (a new random value, shown once, to give the vendor).
 */
export function SourceSecrets({
  projectId,
  source,
  spec,
  canReveal,
}: {
  projectId: string;
  source: SourceView;
  spec: SourceKindSpec;
  canReveal: boolean;
}) {
  const reveal = useRevealSecret(projectId, source.id);
  const update = useUpdateSource(projectId);
  const [shown, setShown] = useState<Record<string, string>>({});
  if (spec.secrets.length === 0) return null;
  return (
    <div className="source-secrets">
      <h4 className="small-heading">Secrets</h4>
      <ul className="plain-list">
        {spec.secrets.map((s) => {
          const masked = source.secrets[s.name] ?? null;
          const value = shown[s.name];
          return (
            <li key={s.name}>
              {value !== undefined ? (
                <CopyField label={s.label} value={value} />
              ) : (
                <span>
                  {s.label}: <code>{masked ?? 'not set'}</code>
                </span>
              )}
              {canReveal && (
                <span className="row">
                  {masked !== null &&
                    (value === undefined ? (
                      <button
                        type="button"
                        disabled={reveal.isPending}
                        onClick={() =>
                          reveal.mutate(s.name, {
                            onSuccess: (r) => setShown((v) => ({ ...v, [r.name]: r.value })),
                          })
                        }
                      >
                        Reveal {s.label}
                      </button>
                    ) : (
                      <button
                        type="button"
                        onClick={() =>
                          setShown((v) => Object.fromEntries(Object.entries(v).filter(([k]) => k !== s.name)))
                        }
                      >
                        Hide {s.label}
                      </button>
                    ))}
                  {s.generate && (
                    <button
                      type="button"
                      disabled={update.isPending}
                      onClick={() => {
                        if (
                          !window.confirm(
                            `Replace the ${s.label}? Deliveries signed with the old one are refused until ${spec.label} has the new one.`,
                          )
                        )
                          return;
                        const next = generateToken();
                        update.mutate(
                          { id: source.id, patch: { secrets: { [s.name]: next } } },
                          { onSuccess: () => setShown((v) => ({ ...v, [s.name]: next })) },
                        );
                      }}
                    >
                      Rotate {s.label}
                    </button>
                  )}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <FormError error={reveal.error ?? update.error} />
    </div>
  );
}
