// Properties that hold for any input: validators and the parser answer, never throw.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  computeMeasurements,
  describeTemplateUi,
  exampleTemplates,
  formatSearchQuery,
  parseSearchQuery,
  validateAnnotationPayload,
  validateTemplateDefinition,
  type SearchTerm,
  type TemplateDefinition,
} from '../src/index.js';
import { mutatedJson } from './json-mutation.js';
import { plausiblePayload } from './payload-arbitrary.js';

const templates = Object.values<TemplateDefinition>(exampleTemplates);
const withoutPositions = (terms: SearchTerm[]) =>
  terms.map(({ start: _s, end: _e, quoted: _q, ...rest }) => rest);

describe('search query properties', () => {
  const queryText = fc.oneof(
    fc.string({ unit: 'grapheme' }),
    fc
      .array(
        fc.constantFrom(
          'modality:',
          'label:',
          'width:>',
          'created:<=',
          'foo:',
          'meta.',
          'Meta.Site-1:',
          'meta.age:>=',
          '.',
          '-',
          '"',
          '\\',
          ' ',
          'US',
          'a b',
          ':',
          '2026-01-01',
          '12',
        ),
      )
      .map((parts) => parts.join('')),
  );

  it('never throws, and every offset and term lies inside the text', () => {
    fc.assert(
      fc.property(queryText, (text) => {
        const { terms, errors } = parseSearchQuery(text);
        for (const e of errors) expect(e.offset).toBeGreaterThanOrEqual(0);
        for (const e of errors) expect(e.offset).toBeLessThanOrEqual(text.length);
        for (const t of terms) {
          expect(0 <= t.start && t.start < t.end && t.end <= text.length).toBe(true);
          // a term re-read on its own is the same term
          expect(withoutPositions(parseSearchQuery(text.slice(t.start, t.end)).terms)).toEqual(
            withoutPositions([t]),
          );
        }
      }),
      { numRuns: 500 },
    );
  });

  it('formats terms into text that parses back to the same terms', () => {
    fc.assert(
      fc.property(queryText, (text) => {
        const { terms } = parseSearchQuery(text);
        const again = parseSearchQuery(formatSearchQuery(terms));
        expect(again.errors).toEqual([]);
        expect(withoutPositions(again.terms)).toEqual(withoutPositions(terms));
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips generated terms with arbitrary values', () => {
    const value = fc.string({ minLength: 1, unit: 'grapheme' });
    const term: fc.Arbitrary<SearchTerm> = fc.oneof(
      fc.record({ value, negated: fc.boolean() }).map(({ value, negated }) => ({
        kind: 'text' as const,
        value,
        negated,
        quoted: false,
        start: 0,
        end: 0,
      })),
      fc
        .record({
          field: fc.constantFrom('label' as const, 'mode' as const, 'annotator' as const),
          value,
          negated: fc.boolean(),
        })
        .map((t) => ({
          kind: 'field' as const,
          op: '=' as const,
          quoted: false,
          start: 0,
          end: 0,
          ...t,
        })),
    );
    const metaKey = fc.stringMatching(/^[a-z0-9_.-]{1,128}$/);
    const metaTerm: fc.Arbitrary<SearchTerm> = fc
      .record({
        key: metaKey,
        negated: fc.boolean(),
        comparison: fc.option(
          fc.tuple(
            fc.constantFrom('>' as const, '>=' as const, '<' as const, '<=' as const),
            fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
          ),
        ),
        value,
      })
      .map(({ key, negated, comparison, value }) => ({
        kind: 'field' as const,
        field: 'meta' as const,
        key,
        op: comparison?.[0] ?? ('=' as const),
        value: comparison?.[1] ?? value,
        negated,
        quoted: false,
        start: 0,
        end: 0,
      }));
    fc.assert(
      fc.property(fc.array(fc.oneof(term, metaTerm), { maxLength: 6 }), (terms) => {
        const parsed = parseSearchQuery(formatSearchQuery(terms));
        expect(parsed.errors).toEqual([]);
        expect(withoutPositions(parsed.terms)).toEqual(withoutPositions(terms));
      }),
    );
  });
});

describe('template validator properties', () => {
  it('answers any JSON without throwing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        expect(typeof validateTemplateDefinition(json).ok).toBe('boolean');
      }),
    );
  });

  it('answers a sample broken in one place, and a valid result has unique shortcuts', () => {
    const broken = fc.constantFrom(...templates).chain((t) => mutatedJson(t));
    let valid = 0;
    fc.assert(
      fc.property(broken, (json) => {
        const r = validateTemplateDefinition(json);
        if (!r.ok) {
          expect(r.problems.length).toBeGreaterThan(0);
          for (const p of r.problems) expect(p.path === '' || p.path.startsWith('/')).toBe(true);
          return;
        }
        valid++;
        // every key on the keyboard, automatic ones included, does one thing
        const ui = describeTemplateUi(r.value);
        const keys = [
          ...ui.shortcuts.map((s) => s.key),
          ...ui.tools.flatMap((t) => t.labels.flatMap((l) => (l.hotkey ? [l.hotkey] : []))),
        ];
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 1000 },
    );
    expect(valid).toBeGreaterThan(0); // the property above was exercised on valid templates too
  });
});

describe('annotation validator properties', () => {
  const templateAndPayload = fc
    .constantFrom(...templates)
    .chain((template) => fc.tuple(fc.constant(template), plausiblePayload(template)));

  const context = { width: 100, height: 100 };

  it('answers plausible and arbitrary payloads without throwing, for every sample template', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        templateAndPayload,
        fc.oneof(fc.constant(null), fc.jsonValue()),
        fc.constantFrom('draft' as const, 'submitted' as const),
        ([template, plausible], noise, mode) => {
          const json = noise === null ? plausible : noise;
          const r = validateAnnotationPayload(template, json, { ...context, mode });
          if (!r.ok) return;
          accepted++;
          // whatever passes can be measured, with finite results
          for (const m of computeMeasurements(template, r.value, [0.3, 0.6])) {
            expect(Number.isFinite(m.px) && Number.isFinite(m.mm!)).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it('is monotone in mode: whatever is valid when submitted is valid as a draft', () => {
    let submittedOk = 0;
    fc.assert(
      fc.property(templateAndPayload, ([template, json]) => {
        if (!validateAnnotationPayload(template, json, { ...context, mode: 'submitted' }).ok)
          return;
        submittedOk++;
        const draft = validateAnnotationPayload(template, json, { ...context, mode: 'draft' });
        expect(draft.ok).toBe(true);
      }),
      { numRuns: 1000 },
    );
    expect(submittedOk).toBeGreaterThan(0);
  });
});
