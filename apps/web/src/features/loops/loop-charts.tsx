import type { LoopModel, LoopRound as Round } from './loops-api.js';
import { formatPercent } from '../../components/format.js';
import { BarChart } from '../reports/report-chart.js';
import { XYChart, type XYPoint } from '../../components/xy-chart.js';

const MODEL = '#0a58ca';
const BASELINE = '#57606a';
const MANUAL = '#bf8700';
const AUDIT = '#cf222e';
const CONFIRMED = '#1a7f37';
const CORRECTED = '#bf8700';

type Batch = NonNullable<Round['batch']>;

const percent = (y: number) => formatPercent(y);
const batches = (rounds: readonly Round[]) =>
  rounds.flatMap((r) => (r.batch ? [{ round: r.round, batch: r.batch }] : []));

/** A round-down of the lowest value to a tenth, so differences near 100% stay visible. */
function floorTenth(values: number[]): number {
  return Math.max(0, Math.floor((Math.min(1, ...values) - 0.05) * 10) / 10);
}

/** The highest value rounded up to a tenth (at least 10%), the top of an error axis. */
function ceilTenth(values: number[]): number {
  return Math.min(1, Math.max(0.1, Math.ceil(Math.max(...values) * 10) / 10));
}

/**
 * The loop's figures as charts: what a model reaches for the human labels it cost (against the
 * random baseline), how much of each batch went to people, how wrong the auto-accepted labels
 * are by the audit, and how long people take to confirm or correct a label.
 */
export function LoopCharts({
  rounds,
  models,
}: {
  rounds: readonly Round[];
  models: readonly LoopModel[];
}) {
  const accuracy: XYPoint[] = rounds.flatMap((r) =>
    r.model && r.humanLabels !== null ? [{ x: r.humanLabels, y: r.model.validationAccuracy }] : [],
  );
  const baseline: XYPoint[] = models.flatMap((m) =>
    m.metrics.baselineAccuracy !== undefined && m.metrics.baselineTrainingSize !== undefined
      ? [{ x: m.metrics.baselineTrainingSize, y: m.metrics.baselineAccuracy }]
      : [],
  );
  const withBatch = batches(rounds);
  const audited = withBatch.filter(({ batch }) => batch.auditError.rate !== null);
  const timed = withBatch.filter(
    ({ batch }) => batch.secondsPerConfirmed !== null || batch.secondsPerCorrected !== null,
  );
  return (
    <div className="charts">
      <figure className="card" data-testid="chart-accuracy">
        <figcaption>Validation accuracy against human labels</figcaption>
        <XYChart
          title="Validation accuracy of each round's model against the human labels it learned from"
          xLabel="Human labels"
          yLabel="Accuracy"
          yDomain={[floorTenth([...accuracy, ...baseline].map((p) => p.y)), 1]}
          formatY={percent}
          series={[
            ...(baseline.length > 0
              ? [{ name: 'Random baseline', color: BASELINE, points: baseline, dashed: true }]
              : []),
            // Drawn last, on top of the baseline where they meet (both learn the seed first).
            { name: 'Model', color: MODEL, points: accuracy },
          ]}
        />
      </figure>
      <figure className="card" data-testid="chart-manual-share">
        <figcaption>Share of each batch sent to people</figcaption>
        {withBatch.length === 0 ? (
          <p className="muted">No batch pre-labeled yet.</p>
        ) : (
          <XYChart
            title="Manual share per round"
            xLabel="Round"
            yLabel="To people"
            yDomain={[0, 1]}
            formatY={percent}
            series={[
              {
                name: 'Manual share',
                color: MANUAL,
                points: withBatch.map(({ round, batch }) => ({ x: round, y: batch.manualShare })),
              },
            ]}
          />
        )}
      </figure>
      <figure className="card" data-testid="chart-audit">
        <figcaption>
          Error of auto-accepted labels, estimated by the audit (95% interval)
        </figcaption>
        {audited.length === 0 ? (
          <p className="muted">No audited label reviewed yet.</p>
        ) : (
          <XYChart
            title="Audit-estimated error of auto-accepted labels per round, with its interval"
            xLabel="Round"
            yLabel="Error"
            yDomain={[0, ceilTenth(audited.map(({ batch }) => batch.auditError.high))]}
            formatY={(y) => formatPercent(y, y > 0 && y < 0.1 ? 1 : 0)}
            series={[
              {
                name: 'Audit error',
                color: AUDIT,
                points: audited.map(({ round, batch }) => auditPoint(round, batch)),
              },
            ]}
          />
        )}
      </figure>
      <figure className="card" data-testid="chart-seconds">
        <figcaption>Seconds per image: confirmed against corrected</figcaption>
        {timed.length === 0 ? (
          <p className="muted">No reviewed image yet.</p>
        ) : (
          <BarChart
            title="Mean seconds per reviewed image, confirmed and corrected, per round"
            format={(s) => `${s.toFixed(1)} s`}
            max={Math.max(
              ...timed.flatMap(({ batch }) => [
                batch.secondsPerConfirmed ?? 0,
                batch.secondsPerCorrected ?? 0,
              ]),
            )}
            rows={timed.flatMap(({ round, batch }) => [
              ...secondsRow(`Round ${round} confirmed`, batch.secondsPerConfirmed, CONFIRMED),
              ...secondsRow(`Round ${round} corrected`, batch.secondsPerCorrected, CORRECTED),
            ])}
          />
        )}
      </figure>
    </div>
  );
}

function auditPoint(round: number, batch: Batch): XYPoint {
  const { rate, low, high } = batch.auditError;
  return { x: round, y: rate ?? 0, low, high };
}

/** A bar of the seconds chart, none where no image was confirmed (or corrected). */
function secondsRow(label: string, seconds: number | null, color: string) {
  return seconds === null ? [] : [{ label, parts: [{ name: label, value: seconds, color }] }];
}
