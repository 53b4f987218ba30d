/** Reports per day as a small bar chart; the numbers are in its accessible name. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const max = Math.max(1, ...values);
  const w = 6;
  const gap = 2;
  const h = 20;
  return (
    <svg
      className="sparkline"
      role="img"
      aria-label={`${label}: ${values.join(', ')}`}
      width={values.length * (w + gap) - gap}
      height={h}
      viewBox={`0 0 ${values.length * (w + gap) - gap} ${h}`}
    >
      {values.map((v, i) => {
        // a day without reports still shows as a baseline tick
        const bh = v === 0 ? 1 : Math.max(3, Math.round((v / max) * h));
        return (
          <rect
            key={i}
            x={i * (w + gap)}
            y={h - bh}
            width={w}
            height={bh}
            rx={1}
            className={v === 0 ? 'zero' : undefined}
          />
        );
      })}
    </svg>
  );
}
