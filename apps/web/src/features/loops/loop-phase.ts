import type { Job, Loop, LoopPhase } from '../../api.js';

/** What each phase means to the researcher. */
export const PHASE_TEXT: Record<LoopPhase, string> = {
  training: 'Training a model',
  prelabeling: 'Pre-labeling a batch',
  'ready-to-prelabel': 'Ready to pre-label the next batch',
  reviewing: 'Hard cases under review',
  'ready-to-train': 'Batch reviewed: ready to train the next model',
  failed: 'The last step failed',
  cancelled: 'The last step was cancelled',
  finished: 'Finished: no unlabeled image left',
};

const TRAIN_JOB = 'loop.train';
const PRELABEL_JOB = 'loop.prelabel';

export const isActive = (job: Job | null) => job?.state === 'queued' || job?.state === 'running';

/** What a job does, in words: "Training the model of round 2". */
export function jobTitle(job: Job): string {
  if (job.kind === TRAIN_JOB) return `Training the model of round ${job.round}`;
  if (job.kind === PRELABEL_JOB) return `Pre-labeling batch ${job.round}`;
  return job.kind;
}

/**
 * Which steps the researcher may ask for now: the next step of the phase, or again the step
 * that failed or was cancelled; a job runs one at a time and only a running one is cancelled.
 */
export function loopActions(loop: Loop): { prelabel: boolean; train: boolean; cancel: boolean } {
  const retry = loop.phase === 'failed' || loop.phase === 'cancelled';
  const retried = retry ? (loop.job?.kind ?? TRAIN_JOB) : null;
  return {
    prelabel:
      loop.phase === 'ready-to-prelabel' || loop.phase === 'finished' || retried === PRELABEL_JOB,
    train: loop.phase === 'ready-to-train' || retried === TRAIN_JOB,
    cancel: isActive(loop.job),
  };
}

/**
 * How often the loop page asks for news, in ms: every second while a job is queued or running
 * (its progress), every few seconds while people review (their progress), else never.
 */
export function pollInterval(loop: Loop): number | null {
  if (isActive(loop.job)) return 1000;
  return loop.phase === 'reviewing' ? 5000 : null;
}
