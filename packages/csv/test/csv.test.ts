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

  it('writes text a spreadsheet would run as a formula as plain text, numbers as they are', () => {
    expect(toCsv(['a', 'b', 'c'], [['=HYPERLINK("x")', '@SUM(1)', -1.5]])).toBe(
      'a,b,c\r\n"\'=HYPERLINK(""x"")",\'@SUM(1),-1.5\r\n',
    );
  });

  it('reads back what it writes, whatever the cells hold', () => {
    // No cell starts with a formula character: those come back with the apostrophe (above).
    const cell = fc
      .string({ unit: fc.constantFrom('a', ' ', ',', '"', '\n', '\r', 'é', '=') })
      .filter((text) => !/^[=\r]/.test(text));
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
