/** Horizontal bars, one per row, in plain SVG: readable without a charting library. */
export function BarChart({
  rows,
  max,
  title,
  format = String,
}: {
  rows: { label: string; parts: { value: number; color: string; name: string }[] }[];
  max: number;
  title: string;
  /** How values are written beside the bars and in their tooltips. */
  format?: (value: number) => string;
}) {
  const rowHeight = 26;
  const labelWidth = 180;
  const width = 720;
  const scale = (width - labelWidth - 60) / Math.max(1, max);
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${rows.length * rowHeight + 10}`}
      role="img"
      aria-label={title}
    >
      <title>{title}</title>
      {rows.map((row, i) => {
        let x = labelWidth;
        const total = row.parts.reduce((s, p) => s + p.value, 0);
        return (
          <g key={row.label} transform={`translate(0, ${i * rowHeight + 5})`}>
            <text x={labelWidth - 8} y={15} textAnchor="end" fontSize={12} fill="#1b1f24">
              {row.label}
            </text>
            {row.parts.map((part) => {
              const w = part.value * scale;
              const rect = (
                <rect
                  key={part.name}
                  x={x}
                  y={2}
                  width={w}
                  height={rowHeight - 8}
                  fill={part.color}
                >
                  <title>{`${part.name}: ${format(part.value)}`}</title>
                </rect>
              );
              x += w;
              return rect;
            })}
            <text x={x + 6} y={15} fontSize={12} fill="#1b1f24">
              {format(total)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
