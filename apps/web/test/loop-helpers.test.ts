import { ApiError } from '@medlabel/api-client';
import { describe, expect, it } from 'vitest';
import { fieldErrors, messagesAt } from '../src/components/field-errors.js';
import { formatDuration, formatPercent } from '../src/components/format.js';
import { niceTicks } from '../src/components/xy-chart.js';

describe('field errors', () => {
  const error = new ApiError({
    type: 'https://medlabel.dev/problems/validation',
    title: 'Unprocessable Content',
    status: 422,
    detail: 'invalid',
    errors: [
      { pointer: '/body/features/size', message: 'must be <= 64' },
      { pointer: '/body/validationPerClass', message: '"Bag": 3 labeled' },
      { pointer: '/body/validationPerClassX', message: 'another field' },
    ],
  });

  it("finds a field's messages at its pointer and below it", () => {
    const errors = fieldErrors(error);
    expect(messagesAt(errors, '/body/features')).toEqual(['must be <= 64']);
    expect(messagesAt(errors, '/body/validationPerClass')).toEqual(['"Bag": 3 labeled']);
    expect(messagesAt(errors, '/body/name', '/body/batchSize')).toEqual([]);
  });

  it('has none for failures without problem details', () => {
    expect(fieldErrors(new Error('offline'))).toEqual([]);
  });
});

describe('formats', () => {
  it('writes durations and shares for people', () => {
    expect(formatDuration(4_400)).toBe('4 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(7_800_000)).toBe('2 h 10 min');
    expect(formatPercent(0.9333, 1)).toBe('93.3%');
  });
});

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten', () => {
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(30, 75, 5)).toEqual([30, 40, 50, 60, 70]);
    expect(niceTicks(0, 2, 5)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });
});
