/** The experiment's two figures, from the summary: accuracy vs human labels, manual share per round. */
import type { ExperimentReport } from '@medlabel/loop';
import { renderLineChart } from './svg-chart.js';

const percent = (y: number): string => `${Number((y * 100).toFixed(1))}%`;

export function accuracyPlot(report: ExperimentReport): string {
  const full = report.summary.fullSupervision;
  const labels = report.summary.strategies.flatMap((s) => s.curve.map((p) => p.humanLabels.mean));
  // Label counts spanning two orders of magnitude (5 to 500) read better on a log axis.
  const wide = Math.max(...labels) / Math.max(1, Math.min(...labels)) > 20;
  return renderLineChart({
    title: `Test accuracy vs human labels (${report.model}; mean, band ± 1 sd over ${report.summary.strategies[0]?.runs ?? 0} seeds)`,
    xLabel: `human labels (initial set included${wide ? ', log scale' : ''})`,
    logX: wide,
    yLabel: 'test accuracy',
    formatY: percent,
    series: report.summary.strategies.map((s) => ({
      name: s.strategy,
      points: s.curve.map((p) => ({
        x: p.humanLabels.mean,
        y: p.testAccuracy.mean,
        low: p.testAccuracy.mean - p.testAccuracy.std,
        high: p.testAccuracy.mean + p.testAccuracy.std,
      })),
    })),
    references: full
      ? [
          {
            y: full.testAccuracy.mean,
            label: `full supervision, ${full.trainingSize} labels, ${percent(full.testAccuracy.mean)}`,
          },
        ]
      : [],
  });
}

export function manualSharePlot(report: ExperimentReport): string {
  return renderLineChart({
    title: `Share of each batch sent to humans (${report.model}; mean, band ± 1 sd)`,
    xLabel: 'round (batch)',
    yLabel: 'manual share',
    formatY: percent,
    series: report.summary.strategies.map((s) => ({
      name: s.strategy,
      points: s.curve.flatMap((p) =>
        p.manualShare
          ? [{ x: p.round, y: p.manualShare.mean, low: p.manualShare.min, high: p.manualShare.max }]
          : [],
      ),
    })),
  });
}
