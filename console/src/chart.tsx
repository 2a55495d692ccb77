// Two small SVG charts (no chart library): bars for check-ins per hour, a line for the attendance-rate trend.
// Each has a text alternative: the same numbers in a visually hidden table.

export function BarChart({ label, values, labelOf }: { label: string; values: number[]; labelOf: (i: number) => string }) {
  const max = Math.max(1, ...values);
  const width = 480;
  const height = 160;
  const bar = width / values.length;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height + 18}`} role="img" aria-label={label}>
        {values.map((v, i) => {
          const h = (v / max) * height;
          return (
            <g key={i}>
              <rect x={i * bar + 1} y={height - h} width={bar - 2} height={h} class="bar"><title>{`${labelOf(i)}: ${v}`}</title></rect>
              {i % 3 === 0 && <text x={i * bar + bar / 2} y={height + 14} class="axis-label" text-anchor="middle">{labelOf(i).slice(0, 2)}</text>}
            </g>
          );
        })}
      </svg>
      <figcaption>{label}</figcaption>
      <ChartData labels={values.map((_, i) => labelOf(i))} values={values.map(String)} caption={label} />
    </figure>
  );
}

export function LineChart({ label, points }: { label: string; points: { label: string; value: number | null }[] }) {
  const width = 480;
  const height = 140;
  const step = points.length > 1 ? width / (points.length - 1) : width;
  const known = points.map((p, i) => ({ ...p, x: i * step })).filter((p) => p.value !== null) as { label: string; value: number; x: number }[];
  const y = (v: number) => height - v * height;
  return (
    <figure class="chart">
      <svg viewBox={`-6 -6 ${width + 12} ${height + 24}`} role="img" aria-label={label}>
        {[0, 0.5, 1].map((v) => <line key={v} x1={0} x2={width} y1={y(v)} y2={y(v)} class="grid" />)}
        <polyline points={known.map((p) => `${p.x},${y(p.value)}`).join(' ')} class="line" />
        {known.map((p) => <circle key={p.x} cx={p.x} cy={y(p.value)} r={4} class="dot"><title>{`${p.label}: ${(p.value * 100).toFixed(1)} %`}</title></circle>)}
        {points.map((p, i) => (
          <text key={i} x={i * step} y={height + 16} class="axis-label"
            text-anchor={i === 0 ? 'start' : i === points.length - 1 ? 'end' : 'middle'}>{p.label.slice(5)}</text>
        ))}
      </svg>
      <figcaption>{label}</figcaption>
      <ChartData labels={points.map((p) => p.label)} values={points.map((p) => (p.value === null ? '—' : `${(p.value * 100).toFixed(1)} %`))} caption={label} />
    </figure>
  );
}

function ChartData({ labels, values, caption }: { labels: string[]; values: string[]; caption: string }) {
  return (
    <table class="visually-hidden">
      <caption>{caption}</caption>
      <tbody>{labels.map((l, i) => <tr key={i}><th scope="row">{l}</th><td>{values[i]}</td></tr>)}</tbody>
    </table>
  );
}
