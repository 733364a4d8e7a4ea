/** The demo's printed lines: one per round, then a summary. */
import type { ModelFigures, RoundFigures } from './rounds.js';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const secs = (v: number) => `${v.toFixed(1)} s`;

export function seedLine(model: ModelFigures, validationSize: number): string {
  return (
    `seed: model 0 trained on ${model.humanLabels} human labels (+${validationSize} in V), ` +
    `validation accuracy ${pct(model.validationAccuracy)}, training ${secs(model.trainSeconds)}`
  );
}

/** A round's line; `previous` is the round before (the seed model's figures before round 1). */
export function roundLine(round: RoundFigures, previous: RoundFigures | ModelFigures): string {
  const { batch, model } = round;
  const [before, wrongBefore] =
    'batch' in previous ? [previous.model, previous.acceptedSoFar.wrong] : [previous, 0];
  return (
    `round ${round.round}: batch ${batch.size}, auto-accepted ${batch.autoAccepted} ` +
    `(${round.acceptedSoFar.wrong - wrongBefore} wrong), ` +
    `to people ${batch.toPeople} (manual share ${pct(batch.manualShare)}: ${batch.hard} hard, ` +
    `${batch.audit} audit), reviewed ${batch.confirmed} confirmed + ${batch.corrected} corrected, ` +
    `pre-label to review ${secs(round.prelabelSeconds)}; model ${model.round}: human labels ` +
    `${model.humanLabels} of ${model.trainingSize} trained on, validation accuracy ` +
    `${pct(before.validationAccuracy)} -> ${pct(model.validationAccuracy)}, ` +
    `training ${secs(model.trainSeconds)}`
  );
}

export interface DemoTotals {
  readonly humanLabels: number;
  readonly autoAccepted: number;
  readonly hoursSpent: number;
  readonly hoursSaved: number | null;
  readonly auditError: { readonly audited: number; readonly wrong: number };
}

export function summaryLines(options: {
  seed: ModelFigures;
  rounds: readonly RoundFigures[];
  totals: DemoTotals;
  images: number;
  seconds: number;
}): string[] {
  const { seed, rounds, totals } = options;
  const models = [seed, ...rounds.map((r) => r.model)];
  const hours = (h: number) => `${(h * 60).toFixed(1)} min`;
  return [
    `summary: ${rounds.length} rounds on ${options.images} images in ${secs(options.seconds)}`,
    `  human labels ${totals.humanLabels} (seed, V and reviews), auto-accepted ${totals.autoAccepted} ` +
      `(${rounds.at(-1)?.acceptedSoFar.wrong ?? 0} wrong by the true labels; the audits found ` +
      `${totals.auditError.wrong} wrong of ${totals.auditError.audited})`,
    `  manual share by round: ${rounds.map((r) => pct(r.batch.manualShare)).join(', ')}`,
    `  validation accuracy by model: ${models.map((m) => pct(m.validationAccuracy)).join(' -> ')}`,
    `  training seconds by model: ${models.map((m) => m.trainSeconds.toFixed(1)).join(', ')}`,
    `  review time recorded ${hours(totals.hoursSpent)}` +
      (totals.hoursSaved === null
        ? ''
        : `, saved against labeling by hand ${hours(totals.hoursSaved)}`),
  ];
}
