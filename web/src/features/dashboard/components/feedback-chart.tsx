import { labelOf, sourceLabel } from '../../../lib/format';

export interface DailyCount {
  day: string;
  source: string;
  count: number;
}

/** Every UTC day of the window, oldest first, so quiet days show as gaps instead of vanishing. */
export function dayRange(days: number, today = new Date()): string[] {
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Array.from({ length: days }, (_, i) =>
    new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

const W = 720;
const H = 220;
const PAD = { top: 12, right: 8, bottom: 28, left: 36 };

/**
 * Stacked daily bars, one colour per source (colours come from CSS classes). A table with the same numbers
 * follows for screen readers and anyone who wants exact values.
 */
export function FeedbackChart({ data, days }: { data: DailyCount[]; days: number }) {
  const axis = dayRange(days);
  const sources = [...new Set(data.map((d) => d.source))].sort();
  const byDay = new Map<string, Map<string, number>>();
  for (const d of data) {
    const m = byDay.get(d.day) ?? new Map<string, number>();
    m.set(d.source, d.count);
    byDay.set(d.day, m);
  }
  const totals = axis.map((day) => [...(byDay.get(day)?.values() ?? [])].reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const niceMax = max <= 5 ? max : Math.ceil(max / 5) * 5;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / axis.length;
  const barW = Math.max(2, slot * 0.7);
  const y = (v: number) => PAD.top + plotH - (v / niceMax) * plotH;
  const ticks = [0, niceMax / 2, niceMax].map((v) => Math.round(v));
  const labelEvery = Math.ceil(axis.length / 8);

  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="feedback-chart-caption">
        {ticks.map((t) => (
          <g key={t}>
            <line className="chart-grid" x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
            <text className="chart-tick" x={PAD.left - 6} y={y(t) + 4} textAnchor="end">
              {t}
            </text>
          </g>
        ))}
        {axis.map((day, i) => {
          let acc = 0;
          const x = PAD.left + i * slot + (slot - barW) / 2;
          return (
            <g key={day}>
              {sources.map((source) => {
                const n = byDay.get(day)?.get(source) ?? 0;
                if (n === 0) return null;
                const top = y(acc + n);
                const h = y(acc) - top;
                acc += n;
                return (
                  <rect key={source} className={`bar bar-${source}`} x={x} y={top} width={barW} height={h}>
                    <title>{`${day}: ${n} from ${labelOf(sourceLabel, source)}`}</title>
                  </rect>
                );
              })}
              {i % labelEvery === 0 && (
                <text className="chart-tick" x={x + barW / 2} y={H - 8} textAnchor="middle">
                  {day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption id="feedback-chart-caption">
        Feedback received per day over the last {days} days, by source.
        <ul className="legend">
          {sources.map((s) => (
            <li key={s}>
              <span className={`swatch bar-${s}`} aria-hidden="true" /> {labelOf(sourceLabel, s)}
            </li>
          ))}
        </ul>
      </figcaption>
      <details>
        <summary>Show as a table</summary>
        <div className="table-wrap">
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">Day</th>
                {sources.map((s) => (
                  <th scope="col" key={s}>
                    {labelOf(sourceLabel, s)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {axis
                .filter((day) => byDay.has(day))
                .map((day) => (
                  <tr key={day}>
                    <th scope="row">{day}</th>
                    {sources.map((s) => (
                      <td key={s}>{byDay.get(day)?.get(s) ?? 0}</td>
                    ))}
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
