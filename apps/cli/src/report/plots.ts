/** The experiment's two figures, from the summary: accuracy vs human labels, manual share per round. */
import type { ExperimentReport } from '@medlabel/loop';
import { renderLineChart } from './svg-chart.js';

const percent = (y: number): string => `${(y * 100).toFixed(y < 0.1 && y > 0 ? 1 : 0)}%`;

export function accuracyPlot(report: ExperimentReport): string {
  const full = report.summary.fullSupervision;
  return renderLineChart({
    title: `Test accuracy vs human labels (${report.model}, mean and min-max over ${report.summary.strategies[0]?.runs ?? 0} seeds)`,
    xLabel: 'human labels (initial set included)',
    yLabel: 'test accuracy',
    formatY: percent,
    series: report.summary.strategies.map((s) => ({
      name: s.strategy,
      points: s.curve.map((p) => ({
        x: p.humanLabels.mean,
        y: p.testAccuracy.mean,
        low: p.testAccuracy.min,
        high: p.testAccuracy.max,
      })),
    })),
    references: full
      ? [
          {
            y: full.testAccuracy.mean,
            label: `full supervision, ${full.trainingSize} labels: ${percent(full.testAccuracy.mean)}`,
          },
        ]
      : [],
  });
}

export function manualSharePlot(report: ExperimentReport): string {
  return renderLineChart({
    title: `Share of each batch sent to humans (${report.model})`,
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
