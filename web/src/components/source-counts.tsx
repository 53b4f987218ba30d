import { labelOf, sourceLabel } from '../lib/format';

export function SourceCounts({ counts }: { counts: Record<string, number> }) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="tags" aria-label="Sources">
      {entries.map(([source, n]) => (
        <li key={source} className={`tag tag-${source}`}>
          {labelOf(sourceLabel, source)} <span className="tag-count">{n}</span>
        </li>
      ))}
    </ul>
  );
}
