export interface XYPoint {
  readonly x: number;
  readonly y: number;
  /** An interval around y (drawn as an error bar), e.g. a confidence interval. */
  readonly low?: number;
  readonly high?: number;
}

export interface XYSeries {
  readonly name: string;
  readonly color: string;
  readonly points: readonly XYPoint[];
  readonly dashed?: boolean;
  /** false: the points alone, not joined (a scatter plot) */
  readonly line?: boolean;
  /** false: the line alone, no dots (a reference line) */
  readonly markers?: boolean;
  /** false: left out of the legend (a second line of a pair the legend already names) */
  readonly legend?: boolean;
}

/** About `count` round tick values from `min` to `max`: steps of 1, 2 or 5 times a power of 10. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10]
    .map((m) => m * power)
    .reduce((a, b) => (Math.abs(b - raw) < Math.abs(a - raw) ? b : a));
  const ticks: number[] = [];
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max + step * 1e-9; k++)
    ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

const WIDTH = 560;
const HEIGHT = 260;
const MARGIN = { left: 56, right: 16, top: 36, bottom: 44 };

/**
 * Points joined by lines, one colour per series, with optional error bars, axes with round
 * ticks and a legend, in plain SVG like the report's bar chart. `xInteger` keeps x ticks on
 * whole numbers (rounds, label counts).
 */
export function XYChart({
  title,
  series,
  xLabel,
  yLabel,
  yDomain,
  formatY,
  xInteger = true,
  formatX = String,
}: {
  title: string;
  series: readonly XYSeries[];
  xLabel: string;
  yLabel: string;
  yDomain: readonly [number, number];
  formatY: (y: number) => string;
  xInteger?: boolean;
  formatX?: (x: number) => string;
}) {
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const [x0, x1] = xs.length === 0 ? [0, 1] : [Math.min(...xs), Math.max(...xs)];
  const pad = x1 > x0 ? (x1 - x0) * 0.06 : 1;
  const xMin = x0 - pad;
  const xMax = x1 + pad;
  const [yMin, yMax] = yDomain;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + ((x - xMin) / (xMax - xMin)) * plotW;
  const sy = (y: number) =>
    MARGIN.top + plotH - ((Math.min(yMax, Math.max(yMin, y)) - yMin) / (yMax - yMin)) * plotH;
  const xTicks = niceTicks(x0, x1, 5).filter((t) => !xInteger || Number.isInteger(t));
  const yTicks = niceTicks(yMin, yMax, 4);
  const legend = series.filter((s) => s.legend !== false);
  const legendStep = Math.min(170, (WIDTH - MARGIN.left) / Math.max(1, legend.length));
  return (
    <svg className="chart xy" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
      <title>{title}</title>
      {yTicks.map((t) => (
        <g key={`y${t}`}>
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={sy(t)} y2={sy(t)} stroke="#eaeef2" />
          <text x={MARGIN.left - 6} y={sy(t) + 4} textAnchor="end" fontSize={11} fill="#57606a">
            {formatY(t)}
          </text>
        </g>
      ))}
      {xTicks.map((t) => (
        <text
          key={`x${t}`}
          x={sx(t)}
          y={MARGIN.top + plotH + 16}
          textAnchor="middle"
          fontSize={11}
          fill="#57606a"
        >
          {formatX(t)}
        </text>
      ))}
      <line
        x1={MARGIN.left}
        x2={WIDTH - MARGIN.right}
        y1={MARGIN.top + plotH}
        y2={MARGIN.top + plotH}
        stroke="#8c959f"
      />
      <line
        x1={MARGIN.left}
        x2={MARGIN.left}
        y1={MARGIN.top}
        y2={MARGIN.top + plotH}
        stroke="#8c959f"
      />
      <text
        x={MARGIN.left + plotW / 2}
        y={HEIGHT - 6}
        textAnchor="middle"
        fontSize={12}
        fill="#1b1f24"
      >
        {xLabel}
      </text>
      <text
        transform={`translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)`}
        textAnchor="middle"
        fontSize={12}
        fill="#1b1f24"
      >
        {yLabel}
      </text>
      {series.map((s, i) => (
        <g key={i} data-series={s.name}>
          {s.line !== false && (
            <polyline
              points={s.points.map((p) => `${sx(p.x)},${sy(p.y)}`).join(' ')}
              fill="none"
              stroke={s.color}
              strokeWidth={2}
              strokeDasharray={s.dashed ? '6 4' : undefined}
            />
          )}
          {(s.markers === false ? [] : s.points).map((p, k) => (
            <g key={k}>
              {p.low !== undefined && p.high !== undefined && (
                <path
                  d={`M${sx(p.x) - 5},${sy(p.low)}h10M${sx(p.x)},${sy(p.low)}V${sy(p.high)}M${sx(p.x) - 5},${sy(p.high)}h10`}
                  stroke={s.color}
                  strokeWidth={1.5}
                />
              )}
              <circle cx={sx(p.x)} cy={sy(p.y)} r={s.line === false ? 3 : 4} fill={s.color}>
                <title>
                  {`${s.name}: ${formatY(p.y)} at ${xLabel.toLowerCase()} ${p.x}` +
                    (p.low !== undefined && p.high !== undefined
                      ? ` (${formatY(p.low)} to ${formatY(p.high)})`
                      : '')}
                </title>
              </circle>
            </g>
          ))}
        </g>
      ))}
      {legend.map((s, i) => (
        <g key={i} transform={`translate(${MARGIN.left + 8 + i * legendStep} 12)`}>
          {s.line === false ? (
            <circle cx={9} cy={0} r={3} fill={s.color} />
          ) : (
            <line
              x1={0}
              x2={18}
              y1={0}
              y2={0}
              stroke={s.color}
              strokeWidth={2}
              strokeDasharray={s.dashed ? '6 4' : undefined}
            />
          )}
          <text x={24} y={4} fontSize={11} fill="#1b1f24">
            {s.name}
          </text>
        </g>
      ))}
    </svg>
  );
}
