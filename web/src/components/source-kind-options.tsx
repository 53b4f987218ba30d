import type { SourceKindSpec } from '../lib/source-kinds';

/** The options of a "Source" filter: any source, then each kind the server knows, by its label. */
export function SourceKindOptions({ kinds }: { kinds: SourceKindSpec[] | undefined }) {
  return (
    <>
      <option value="">Any source</option>
      {(kinds ?? []).map((k) => (
        <option key={k.kind} value={k.kind}>
          {k.label}
        </option>
      ))}
    </>
  );
}
