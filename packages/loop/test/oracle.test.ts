import { describe, expect, it } from 'vitest';
import { createRng, simulatedOracle } from '../src/index.js';

const truth = Int32Array.from({ length: 20_000 }, (_, i) => i % 4);

describe('simulated oracle', () => {
  it('answers with ground truth when it makes no mistakes, whatever it is shown', async () => {
    const oracle = simulatedOracle({ truth, classCount: 4, rng: createRng(1) });
    const answers = await oracle.label(
      Array.from({ length: 100 }, (_, id) => ({ id, predicted: 3, confidence: 0.5 })),
    );
    expect(Array.from(answers)).toEqual(Array.from(truth.subarray(0, 100)));
  });

  it('errs at the given rate, never answering the truth when it errs', async () => {
    const oracle = simulatedOracle({ truth, classCount: 4, errorRate: 0.2, rng: createRng(2) });
    const requests = Array.from(truth, (t, id) => ({ id, predicted: t, confidence: 0.5 }));
    const answers = await oracle.label(requests);
    const wrong = answers.filter((a, i) => a !== truth[i]).length;
    expect(wrong / truth.length).toBeGreaterThan(0.19);
    expect(wrong / truth.length).toBeLessThan(0.21);
    expect(answers.every((a) => a >= 0 && a < 4)).toBe(true);
  });

  it('anchors on a wrong suggestion when it errs', async () => {
    const oracle = simulatedOracle({ truth, classCount: 4, errorRate: 1, rng: createRng(3) });
    const answers = await oracle.label(
      Array.from({ length: 40 }, (_, id) => ({
        id,
        predicted: (truth[id]! + 1) % 4,
        confidence: 0.5,
      })),
    );
    expect(Array.from(answers)).toEqual(
      Array.from({ length: 40 }, (_, id) => (truth[id]! + 1) % 4),
    );
  });

  it('is reproducible from its seed', async () => {
    const ask = async (seed: number) =>
      Array.from(
        await simulatedOracle({ truth, classCount: 4, errorRate: 0.3, rng: createRng(seed) }).label(
          Array.from({ length: 200 }, (_, id) => ({ id, predicted: truth[id]!, confidence: 0.5 })),
        ),
      );
    expect(await ask(5)).toEqual(await ask(5));
    expect(await ask(5)).not.toEqual(await ask(6));
  });
});
