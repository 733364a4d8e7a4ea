import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { CnnClassifier } from '@medlabel/loop/cnn';
import { modelBuilder } from '../src/models.js';

describe('the CLI models', () => {
  it('builds a CNN that mirrors nothing unless --mirror-invariant says so', async () => {
    const build = modelBuilder('cnn');
    const plain = (await build(1, {}))(2, [8, 8]) as CnnClassifier;
    const shifts = (await build(1, { augment: 'shift' }))(2, [8, 8]) as CnnClassifier;
    const invariant = (await build(1, { mirrorInvariant: true }))(2, [8, 8]) as CnnClassifier;
    expect(plain).toBeInstanceOf(CnnClassifier);
    expect([plain.augmentation, plain.mirrorAtTest]).toEqual([{ maxShift: 2, flip: false }, false]);
    expect([shifts.augmentation, shifts.mirrorAtTest]).toEqual([
      { maxShift: 2, flip: false },
      false,
    ]);
    expect([invariant.augmentation, invariant.mirrorAtTest]).toEqual([
      { maxShift: 2, flip: true },
      true,
    ]);
  });

  it('trains the CNN on the threads asked for, by default the cores up to 2', async () => {
    const build = modelBuilder('cnn');
    const threadsOf = async (threads?: number) =>
      ((await build(1, threads === undefined ? {} : { threads }))(2, [8, 8]) as CnnClassifier)
        .threads;
    expect(await threadsOf()).toBe(Math.min(2, availableParallelism()));
    expect(await threadsOf(1)).toBe(1);
    expect(await threadsOf(3)).toBe(3);
  });
});
