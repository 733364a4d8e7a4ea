import type { LoopDashboard as Dashboard, LoopModel } from './loops-api.js';
import { formatDuration, formatPercent } from '../../components/format.js';
import { LoopCharts } from './loop-charts.js';
import { ReviewLinks } from './review-links.js';

type Interval = Dashboard['totals']['auditError'];

/** An audit's error estimate with its 95% interval: "3% (1%–9%, 2 of 60 wrong)". */
function auditText({ rate, low, high, audited, wrong }: Interval): string {
  if (rate === null) return '—';
  const range = `${formatPercent(low, 1)}–${formatPercent(high, 1)}`;
  return `${formatPercent(rate, 1)} (${range}, ${wrong} of ${audited} wrong)`;
}

type Guarantee = NonNullable<NonNullable<Dashboard['rounds'][number]['batch']>['guarantee']>;

/**
 * What the round's routing certified: "≤ 0.8% at 90% (target 1%)", or that the target was not
 * met; the full sentence (with what looser targets would cost) as the cell's title.
 */
function GuaranteeCell({ guarantee }: { guarantee: Guarantee | null }) {
  if (!guarantee) return <td>—</td>;
  const { bound, confidence, targetError, met, message } = guarantee;
  return (
    <td title={message} data-testid="round-guarantee">
      {met && bound !== null
        ? `≤ ${formatPercent(bound, 1)} at ${formatPercent(confidence, 0)} (target ${formatPercent(targetError, 1)})`
        : `target ${formatPercent(targetError, 1)} not met: nothing auto-accepted`}
    </td>
  );
}

const hours = (h: number | null) => (h === null ? '—' : formatDuration(h * 3_600_000));

/** The loop's totals, its figures as charts, and a table of its rounds. */
export function LoopDashboard({
  dashboard,
  models,
}: {
  dashboard: Dashboard;
  models: readonly LoopModel[];
}) {
  const { totals, rounds } = dashboard;
  const latest = [...rounds].reverse().find((r) => r.batch?.guarantee);
  return (
    <section className="stack" aria-labelledby="dashboard-title">
      <h2 id="dashboard-title">Dashboard</h2>
      <dl className="summary" data-testid="loop-totals">
        <div>
          <dt>Human labels</dt>
          <dd data-testid="total-human">{totals.humanLabels}</dd>
        </div>
        <div>
          <dt>Auto-accepted</dt>
          <dd data-testid="total-auto">{totals.autoAccepted}</dd>
        </div>
        <div>
          <dt>Labels saved</dt>
          <dd data-testid="total-saved">{totals.labelsSaved}</dd>
        </div>
        <div>
          <dt>Time spent reviewing</dt>
          <dd>{hours(totals.hoursSpent)}</dd>
        </div>
        <div>
          <dt>Time saved</dt>
          <dd>{hours(totals.hoursSaved)}</dd>
        </div>
        <div>
          <dt>Audit error</dt>
          <dd className="small">{auditText(totals.auditError)}</dd>
        </div>
      </dl>
      {latest?.batch?.guarantee && (
        <p role="note" data-testid="latest-guarantee">
          Round {latest.round}: {latest.batch.guarantee.message}
        </p>
      )}
      <LoopCharts rounds={rounds} models={models} />
      <h3>Rounds</h3>
      <div className="table-scroll">
        <table aria-label="Rounds" className="compact">
          <thead>
            <tr>
              <th scope="col">Round</th>
              <th scope="col">Validation accuracy</th>
              <th scope="col">Random baseline</th>
              <th scope="col">Human labels</th>
              <th scope="col">Batch</th>
              <th scope="col">Auto-accepted</th>
              <th scope="col">To people (hard / audit / random)</th>
              <th scope="col">Threshold</th>
              <th scope="col">Reviewed</th>
              <th scope="col">Confirmed / corrected</th>
              <th scope="col">Certified error bound</th>
              <th scope="col">Audit error (observed)</th>
              <th scope="col">Review</th>
            </tr>
          </thead>
          <tbody>
            {rounds.map(({ round, model, humanLabels, batch }) => (
              <tr key={round} data-round={round}>
                <th scope="row">{round}</th>
                <td data-testid="round-accuracy">
                  {model ? formatPercent(model.validationAccuracy, 1) : '—'}
                </td>
                <td>
                  {model?.baselineAccuracy != null ? formatPercent(model.baselineAccuracy, 1) : '—'}
                </td>
                <td>{humanLabels ?? '—'}</td>
                <td>{batch?.size ?? '—'}</td>
                <td>{batch?.autoAccepted ?? '—'}</td>
                <td>
                  {batch
                    ? `${batch.toPeople} (${batch.hard} / ${batch.audit} / ${batch.random})`
                    : '—'}
                </td>
                <td>{batch?.threshold != null ? formatPercent(batch.threshold, 1) : '—'}</td>
                <td>{batch ? `${batch.reviewed} of ${batch.toPeople}` : '—'}</td>
                <td>{batch ? `${batch.confirmed} / ${batch.corrected}` : '—'}</td>
                <GuaranteeCell guarantee={batch?.guarantee ?? null} />
                <td>{batch ? auditText(batch.auditError) : '—'}</td>
                <td>{batch && <ReviewLinks collections={batch.collections} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
