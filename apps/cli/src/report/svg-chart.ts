/**
 * A small SVG line chart: one line per series with a shaded band (spread across seeds),
 * optional horizontal reference lines, axes with round ticks and a legend. No dependencies.
 */
export interface ChartPoint {
  readonly x: number;
  readonly y: number;
  /** Band around the line (e.g. min and max over seeds). */
  readonly low?: number;
  readonly high?: number;
}

export interface ChartSeries {
  readonly name: string;
  readonly points: readonly ChartPoint[];
}

export interface LineChart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  readonly references?: readonly { readonly y: number; readonly label: string }[];
  readonly formatY?: (y: number) => string;
  /** Logarithmic x axis (all x must be positive). */
  readonly logX?: boolean;
}

const WIDTH = 720;
const HEIGHT = 440;
const MARGIN = { left: 70, right: 190, top: 40, bottom: 55 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2'];

/** 1, 2, 5 x 10^k ticks between min and max (both positive). */
export function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** e;
      if (t >= min && t <= max) ticks.push(t);
    }
  }
  return ticks;
}

export function niceTicks(min: number, max: number, count = 6): number[] {
  if (max <= min) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step)
    ticks.push(Number(t.toFixed(10)));
  return ticks;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderLineChart(chart: LineChart): string {
  const formatY = chart.formatY ?? ((y: number) => String(y));
  const points = chart.series.flatMap((s) => s.points);
  const ys = [
    ...points.flatMap((p) => [p.y, p.low ?? p.y, p.high ?? p.y]),
    ...(chart.references ?? []).map((r) => r.y),
  ];
  const xs = points.map((p) => p.x);
  const pad = (Math.max(...ys) - Math.min(...ys)) * 0.05 || 0.01;
  const yMin = Math.min(...ys) - pad;
  const yMax = Math.max(...ys) + pad;
  const logX = chart.logX === true;
  const xMin = logX ? Math.min(...xs) * 0.9 : Math.min(0, ...xs);
  const xMax = (logX ? Math.max(...xs) * 1.1 : Math.max(...xs)) || 1;
  const tx = (x: number): number => (logX ? Math.log(x) : x);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number): number =>
    MARGIN.left + ((tx(x) - tx(xMin)) / (tx(xMax) - tx(xMin))) * plotW;
  const sy = (y: number): number => MARGIN.top + (1 - (y - yMin) / (yMax - yMin)) * plotH;
  const f = (v: number): string => v.toFixed(1);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="24" font-size="15" font-weight="bold">${escape(chart.title)}</text>`,
  ];
  for (const t of niceTicks(yMin, yMax)) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${f(sy(t))}" y2="${f(sy(t))}" stroke="#e5e5e5"/>`,
      `<text x="${MARGIN.left - 8}" y="${f(sy(t) + 4)}" text-anchor="end">${escape(formatY(t))}</text>`,
    );
  }
  for (const t of logX ? logTicks(xMin, xMax) : niceTicks(xMin, xMax)) {
    parts.push(
      `<line x1="${f(sx(t))}" x2="${f(sx(t))}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 5}" stroke="#333"/>`,
      `<text x="${f(sx(t))}" y="${MARGIN.top + plotH + 19}" text-anchor="middle">${t}</text>`,
    );
  }
  parts.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle">${escape(chart.xLabel)}</text>`,
    `<text transform="translate(18 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(chart.yLabel)}</text>`,
  );
  // Reference lines are drawn across the plot and named in the legend, below the series.
  const legendX = MARGIN.left + plotW + 15;
  let legendY = MARGIN.top + 10 + chart.series.length * 20;
  for (const ref of chart.references ?? []) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${f(sy(ref.y))}" y2="${f(sy(ref.y))}" stroke="#555" stroke-dasharray="6 4"/>`,
      `<line x1="${legendX}" x2="${legendX + 22}" y1="${legendY}" y2="${legendY}" stroke="#555" stroke-dasharray="6 4"/>`,
    );
    for (const [i, line] of ref.label.split(', ').entries()) {
      parts.push(`<text x="${legendX + 28}" y="${legendY + 4 + i * 15}">${escape(line)}</text>`);
    }
    legendY += 20 + 15 * (ref.label.split(', ').length - 1);
  }
  chart.series.forEach((series, i) => {
    const color = COLORS[i % COLORS.length]!;
    const band = series.points.filter((p) => p.low !== undefined && p.high !== undefined);
    if (band.length > 1) {
      const upper = band.map((p) => `${f(sx(p.x))},${f(sy(p.high!))}`);
      const lower = band.map((p) => `${f(sx(p.x))},${f(sy(p.low!))}`).reverse();
      parts.push(
        `<polygon points="${[...upper, ...lower].join(' ')}" fill="${color}" fill-opacity="0.12" stroke="none"/>`,
      );
    }
    const line = series.points.map((p) => `${f(sx(p.x))},${f(sy(p.y))}`).join(' ');
    parts.push(`<polyline points="${line}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of series.points)
      parts.push(`<circle cx="${f(sx(p.x))}" cy="${f(sy(p.y))}" r="3" fill="${color}"/>`);
    const ly = MARGIN.top + 10 + i * 20;
    parts.push(
      `<line x1="${legendX}" x2="${legendX + 22}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${legendX + 28}" y="${ly + 4}">${escape(series.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
