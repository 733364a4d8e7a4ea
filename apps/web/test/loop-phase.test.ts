import { describe, expect, it } from 'vitest';
import type { Job, Loop } from '../src/api.js';
import { loopActions, pollInterval } from '../src/features/loops/loop-phase.js';

const job = (kind: string, state: Job['state']): Job => ({
  id: 1,
  kind,
  state,
  attempts: 1,
  progress: {},
  round: 0,
  error: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  startedAt: null,
  finishedAt: null,
});
const loop = (phase: Loop['phase'], latest: Job | null = null) => ({ phase, job: latest }) as Loop;

describe('loopActions', () => {
  it('offers the next step of each phase and cancelling a running job', () => {
    expect(loopActions(loop('ready-to-prelabel'))).toEqual({
      prelabel: true,
      train: false,
      cancel: false,
    });
    expect(loopActions(loop('ready-to-train'))).toEqual({
      prelabel: false,
      train: true,
      cancel: false,
    });
    expect(loopActions(loop('training', job('loop.train', 'running')))).toEqual({
      prelabel: false,
      train: false,
      cancel: true,
    });
    expect(loopActions(loop('reviewing'))).toEqual({
      prelabel: false,
      train: false,
      cancel: false,
    });
  });

  it('offers again the step that failed or was cancelled', () => {
    expect(loopActions(loop('failed', job('loop.prelabel', 'failed'))).prelabel).toBe(true);
    expect(loopActions(loop('cancelled', job('loop.train', 'cancelled'))).train).toBe(true);
    expect(loopActions(loop('failed')).train).toBe(true);
  });
});

describe('pollInterval', () => {
  it('polls every second during a job, slowly during reviews, else not at all', () => {
    expect(pollInterval(loop('training', job('loop.train', 'queued')))).toBe(1000);
    expect(pollInterval(loop('reviewing', job('loop.prelabel', 'done')))).toBe(5000);
    expect(pollInterval(loop('ready-to-train', job('loop.prelabel', 'done')))).toBeNull();
  });
});
