import { describe, expect, it } from 'vitest';
import type { LoopRow } from '../src/db/tables.js';
import { defaultCnnThreads, loadConfig } from '../src/config.js';
import { modelSpec } from '../src/loops/loop-jobs.js';

/** A stored loop row as the loops table holds it. */
function loopRow(classifier: LoopRow['classifier'], config: Record<string, unknown>): LoopRow {
  return {
    id: 1,
    owner_id: 1,
    collection_id: 1,
    name: 'loop',
    classifier,
    config: JSON.stringify({ seed: 3, ...config }),
    class_names: JSON.stringify(['left', 'right']),
    created_at: '2026-01-01T00:00:00.000Z',
  };
}

describe('a loop round’s model settings', () => {
  it('never mirrors CNN images unless the loop says its labels survive a mirror', () => {
    expect(modelSpec(loopRow('cnn', {}), 1, 1).settings.mirrorInvariant).toBe(false);
    expect(
      modelSpec(loopRow('cnn', { mirrorInvariant: false }), 1, 1).settings.mirrorInvariant,
    ).toBe(false);
    expect(
      modelSpec(loopRow('cnn', { mirrorInvariant: true }), 1, 1).settings.mirrorInvariant,
    ).toBe(true);
    expect(modelSpec(loopRow('svm', { mirrorInvariant: true }), 1, 1).settings).not.toHaveProperty(
      'mirrorInvariant',
    );
  });

  it('trains a CNN on the server’s thread count: a core left to the server, at most 2', () => {
    expect(modelSpec(loopRow('cnn', {}), 1, 2).settings.threads).toBe(2);
    expect(modelSpec(loopRow('svm', {}), 1, 2).settings).not.toHaveProperty('threads');
    expect([1, 2, 3, 4, 16].map(defaultCnnThreads)).toEqual([1, 1, 2, 2, 2]);
    expect(loadConfig({ MEDLABEL_CNN_THREADS: '3' }).cnnThreads).toBe(3);
    expect(() => loadConfig({ MEDLABEL_CNN_THREADS: '0' })).toThrow('MEDLABEL_CNN_THREADS');
  });
});
