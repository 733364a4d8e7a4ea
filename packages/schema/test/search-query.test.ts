import { describe, expect, it } from 'vitest';
import {
  MAX_PROBLEMS,
  SEARCH_FIELDS,
  formatSearchQuery,
  parseSearchQuery,
  type SearchExpression,
} from '../src/index.js';

describe('parseSearchQuery', () => {
  it('parses the example query of the platform issue', () => {
    const text =
      'modality:US label:"CW Doppler" annotator:reader3@example.org template:"Echo mode" status:done -bodypart:head free text';
    const { terms, errors } = parseSearchQuery(text);
    expect(errors).toEqual([]);
    expect(
      terms.map((t) => (t.kind === 'field' ? [t.field, t.value, t.quoted, t.negated] : [t.value])),
    ).toEqual([
      ['modality', 'US', false, false],
      ['label', 'CW Doppler', true, false],
      ['annotator', 'reader3@example.org', false, false],
      ['template', 'Echo mode', true, false],
      ['status', 'done', false, false],
      ['bodypart', 'head', false, true],
      ['free'],
      ['text'],
    ]);
    expect(text.slice(terms[1]!.start, terms[1]!.end)).toBe('label:"CW Doppler"');
    expect(text.slice(terms[5]!.start, terms[5]!.end)).toBe('-bodypart:head');
  });

  it('reads comparisons on number and date fields, escapes, and case-insensitive names', () => {
    const { terms, errors } = parseSearchQuery(
      'Width:>=512 height:<100 created:>2026-01-31 STATUS:Draft "a \\"b\\" \\\\c" -"not this"',
    );
    expect(errors).toEqual([]);
    expect(terms).toEqual([
      {
        kind: 'field',
        field: 'width',
        op: '>=',
        value: '512',
        quoted: false,
        negated: false,
        start: 0,
        end: 11,
      },
      {
        kind: 'field',
        field: 'height',
        op: '<',
        value: '100',
        quoted: false,
        negated: false,
        start: 12,
        end: 23,
      },
      {
        kind: 'field',
        field: 'created',
        op: '>',
        value: '2026-01-31',
        quoted: false,
        negated: false,
        start: 24,
        end: 43,
      },
      {
        kind: 'field',
        field: 'status',
        op: '=',
        value: 'draft',
        quoted: false,
        negated: false,
        start: 44,
        end: 56,
      },
      { kind: 'text', value: 'a "b" \\c', quoted: true, negated: false, start: 57, end: 70 },
      { kind: 'text', value: 'not this', quoted: true, negated: true, start: 71, end: 82 },
    ]);
  });

  it('reports syntax errors with their offsets and keeps the valid terms', () => {
    const { terms, errors } = parseSearchQuery('organ:liver modality: label:"open');
    expect(errors).toEqual([
      { offset: 0, message: expect.stringContaining('unknown field organ') as string },
      { offset: 21, message: 'empty value for field modality' },
      { offset: 28, message: 'unterminated quote' },
    ]);
    expect(terms).toEqual([]);
    expect(parseSearchQuery('x - ""').errors).toEqual([
      { offset: 2, message: 'nothing to exclude after -' },
      { offset: 4, message: 'empty quotes' },
    ]);
  });

  it('stops after MAX_PROBLEMS errors', () => {
    const { errors } = parseSearchQuery('"" '.repeat(500));
    expect(errors).toHaveLength(MAX_PROBLEMS + 1);
    expect(errors[MAX_PROBLEMS]).toEqual({ offset: 299, message: 'further errors are not listed' });
  });

  it('checks values: numbers, dates, enumerations and operators on text', () => {
    const { errors } = parseSearchQuery(
      'width:wide created:2026-02-30 role:nurse label:>x frames:<=3',
    );
    expect(errors.map((e) => [e.offset, e.message])).toEqual([
      [6, 'field width expects a number'],
      [19, 'field created expects a date (YYYY-MM-DD)'],
      [35, 'field role expects one of admin, researcher, reviewer, annotator'],
      [47, 'field label compares text only for equality'],
    ]);
  });

  it('reads meta.<key> terms: case-insensitive keys, text equality, numeric comparisons', () => {
    const { terms, errors } = parseSearchQuery(
      'META.Manufacturer:GE -meta.station_name.v-2:"CT 1" meta.age:>=40',
    );
    expect(errors).toEqual([]);
    expect(terms).toEqual([
      {
        kind: 'field',
        field: 'meta',
        key: 'manufacturer',
        op: '=',
        value: 'GE',
        quoted: false,
        negated: false,
        start: 0,
        end: 20,
      },
      {
        kind: 'field',
        field: 'meta',
        key: 'station_name.v-2',
        op: '=',
        value: 'CT 1',
        quoted: true,
        negated: true,
        start: 21,
        end: 50,
      },
      {
        kind: 'field',
        field: 'meta',
        key: 'age',
        op: '>=',
        value: '40',
        quoted: false,
        negated: false,
        start: 51,
        end: 64,
      },
    ]);
    expect(formatSearchQuery(terms)).toBe(
      'meta.manufacturer:GE -meta.station_name.v-2:"CT 1" meta.age:>=40',
    );
  });

  it('refuses meta terms without a key, with a long key, an empty value or a text comparison', () => {
    const long = 'k'.repeat(129);
    const { errors, terms } = parseSearchQuery(
      `meta:x meta.:x meta.age: meta.site:>north meta.${long}:1 x.y:1 meta.ok:1`,
    );
    expect(errors.map((e) => [e.offset, e.message])).toEqual([
      [0, 'field meta.<key> needs a key of letters, digits, _, - or .'],
      [7, 'field meta.<key> needs a key of letters, digits, _, - or .'],
      [24, 'empty value for field meta.age'],
      [35, 'meta.site compares with > only against a number'],
      [42, 'metadata keys are at most 128 characters'],
      [42 + 5 + 129 + 3, expect.stringContaining('unknown field x.y') as string],
    ]);
    expect(terms).toMatchObject([{ field: 'meta', key: 'ok', value: '1' }]);
  });

  it('gives every field an entity from the table', () => {
    expect(SEARCH_FIELDS.label.entity).toBe('annotation');
    expect(SEARCH_FIELDS.modality.entity).toBe('image');
    expect(SEARCH_FIELDS.email.entity).toBe('user');
    expect(SEARCH_FIELDS.template.entity).toBe('template');
    expect(SEARCH_FIELDS.collection.entity).toBe('collection');
  });
});

describe('formatSearchQuery', () => {
  it('quotes only what needs quotes', () => {
    const text = 'label:"CW Doppler" -mode:2D width:>5 "-dash" "a:b" "say \\"hi\\""';
    const { terms } = parseSearchQuery(text);
    expect(formatSearchQuery(terms)).toBe(text);
  });
});

describe('OR and groups', () => {
  /** The expression as text: terms by their value, groups in brackets. */
  const shape = (q: string): string => {
    const { expression, errors } = parseSearchQuery(q);
    expect(errors).toEqual([]);
    const show = (e: SearchExpression): string => {
      switch (e.kind) {
        case 'term':
          return (e.term.negated ? '-' : '') + e.term.value;
        case 'not':
          return `NOT[${show(e.item)}]`;
        case 'and':
        case 'or':
          return `${e.kind.toUpperCase()}[${e.items.map(show).join(' ')}]`;
      }
    };
    return show(expression);
  };

  it('binds AND tighter than OR, as in Lucene and SQL', () => {
    expect(shape('modality:US')).toBe('AND[US]');
    expect(shape('a b OR c')).toBe('AND[OR[AND[a b] c]]');
    expect(shape('label:A OR label:B status:done')).toBe('AND[OR[A AND[B done]]]');
  });

  it('groups with parentheses, negates a group, and nests', () => {
    expect(shape('(modality:US OR modality:CT) status:done')).toBe('AND[OR[US CT] done]');
    expect(shape('-(label:A OR label:B) x')).toBe('AND[NOT[OR[A B]] x]');
    expect(shape('((a OR b) c) OR d')).toBe('AND[OR[AND[OR[a b] c] d]]');
    // A ) ends a bare word; the terms keep their offsets.
    const { terms } = parseSearchQuery('(label:A OR label:B)');
    expect(terms.map((t) => [t.value, t.start, t.end])).toEqual([
      ['A', 1, 8],
      ['B', 12, 19],
    ]);
  });

  it('reads lower-case or, OR inside a word and quoted parentheses as text', () => {
    expect(shape('cats or dogs ORANGE "(left)" "OR"')).toBe('AND[cats or dogs ORANGE (left) OR]');
  });

  it('reports misplaced OR, unbalanced and empty groups with their offsets', () => {
    const problems = (q: string) => parseSearchQuery(q).errors.map((e) => [e.offset, e.message]);
    expect(problems('OR a')).toEqual([[0, 'OR needs a term before it']]);
    expect(problems('a OR')).toEqual([[2, 'OR needs a term after it']]);
    expect(problems('a OR OR b')).toEqual([[2, 'OR needs a term after it']]);
    expect(problems('(a b')).toEqual([[0, 'unclosed (']]);
    expect(problems('a) b')).toEqual([[1, 'unmatched )']]);
    expect(problems('x () y')).toEqual([[2, 'empty ( )']]);
    expect(problems('-) a')).toEqual([
      [0, 'nothing to exclude after -'],
      [1, 'unmatched )'],
    ]);
    expect(problems('('.repeat(40) + 'a')).toEqual([[16, 'groups nest at most 16 deep']]);
  });

  it('formats values that would read as syntax in quotes', () => {
    const { terms } = parseSearchQuery('"(left)" "OR" "a)"');
    const again = parseSearchQuery(formatSearchQuery(terms));
    expect(again.errors).toEqual([]);
    expect(again.terms.map((t) => t.value)).toEqual(['(left)', 'OR', 'a)']);
  });
});
