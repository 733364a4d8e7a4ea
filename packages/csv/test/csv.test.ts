import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../src/index.js';

describe('CSV', () => {
  it('parses quoted fields, doubled quotes, CRLF and drops blank lines', () => {
    expect(parseCsv('a,"b,c"\r\n\r\n"d ""e""",f\n  \n')).toEqual([
      ['a', 'b,c'],
      ['d "e"', 'f'],
    ]);
  });

  it('keeps a quote that does not open a field as text', () => {
    expect(parseCsv('a"b,c\n')).toEqual([['a"b', 'c']]);
  });

  it('refuses an unterminated quote', () => {
    expect(() => parseCsv('a,"b\n')).toThrow(/unterminated/);
  });

  it('reads back what it writes, whatever the cells hold', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', ' ', ',', '"', '\n', '\r', 'é') });
    const table = fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { maxLength: 5 });
    fc.assert(
      fc.property(table, (rows) => {
        const width = rows[0]?.length ?? 2;
        const header = Array.from({ length: width }, (_, i) => `c${i}`);
        const even = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? 'x'));
        const kept = even.filter((r) => r.some((f) => f.trim() !== ''));
        expect(parseCsv(toCsv(header, even))).toEqual([header, ...kept]);
      }),
    );
  });
});
