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
});
