import { describe, expect, it } from 'vitest';
import {
  exampleTemplates,
  validateTemplateDefinition,
  type Problem,
  type TemplateDefinition,
} from '../src/index.js';

function problemsOf(def: unknown): Problem[] {
  const r = validateTemplateDefinition(def);
  return r.ok ? [] : r.problems;
}

/** A deep copy of a sample, to break in one place per test. */
function sample(key: keyof typeof exampleTemplates): TemplateDefinition {
  return structuredClone<TemplateDefinition>(exampleTemplates[key]);
}

describe('validateTemplateDefinition', () => {
  it('accepts every sample template', () => {
    for (const [key, def] of Object.entries(exampleTemplates)) {
      expect(problemsOf(def), key).toEqual([]);
    }
  });

  it('returns the typed value when valid', () => {
    const r = validateTemplateDefinition(JSON.parse(JSON.stringify(exampleTemplates.echoMode)));
    expect(r.ok && r.value.classification?.labels.map((l) => l.name)).toEqual([
      '2D',
      'M-mode',
      'PW Doppler',
      'CW Doppler',
      'Color Doppler',
    ]);
  });

  it('names an unknown tool kind at its path', () => {
    const def = sample('lesionContour') as unknown as { tools: { kind: string }[] };
    def.tools[0]!.kind = 'circle';
    expect(problemsOf(def)).toEqual([
      {
        path: '/tools/0/kind',
        message: 'unknown kind "circle"; expected one of polygon, polyline, keypoint, ruler',
      },
    ]);
  });

  it('reports wrong properties inside a known tool and field kind', () => {
    const def = sample('lengthMeasurement') as unknown as Record<string, unknown[]>;
    (def.tools![0] as Record<string, unknown>).unit = 'inch';
    (def.fields![0] as Record<string, unknown>).colour = 'red';
    expect(problemsOf(def)).toEqual([
      { path: '/tools/0/unit', message: 'expected one of "mm", "cm", "px"' },
      { path: '/fields/0/colour', message: 'Unexpected property' },
    ]);
  });

  it('finds duplicate label names case-insensitively and duplicate hotkeys across the template', () => {
    const def = sample('echoMode');
    def.classification!.labels[1]!.name = '2d';
    def.tools.push({ kind: 'ruler', id: 'ruler', title: 'Ruler', unit: 'mm', hotkey: '3' });
    expect(problemsOf(def)).toEqual([
      {
        path: '/classification/labels/1/name',
        message: 'duplicate label name "2d"',
      },
      {
        path: '/tools/0/hotkey',
        message: 'duplicate hotkey "3": already used by label "PW Doppler"',
      },
    ]);
  });

  it('counts shape label hotkeys on the same keyboard as the image labels', () => {
    const def = sample('lesionContour');
    def.classification = {
      choice: 'single',
      required: false,
      labels: [{ name: 'Liver', hotkey: 'l' }],
    };
    expect(problemsOf(def)).toEqual([
      {
        path: '/tools/0/labels/0/hotkey',
        message: 'duplicate hotkey "l": already used by label "Liver"',
      },
    ]);
  });

  it('finds bad ranges, duplicate ids, options and keypoints', () => {
    const def: TemplateDefinition = {
      formatVersion: 1,
      name: 'Broken',
      tools: [
        {
          kind: 'keypoint',
          id: 'k',
          title: 'K',
          keypoints: [{ name: 'a' }, { name: 'A' }],
          maxCount: 1,
        },
        {
          kind: 'polyline',
          id: 'k',
          title: 'Line',
          labels: [
            { name: 'x', hotkey: 'q' },
            { name: 'y', hotkey: 'q' },
          ],
        },
      ],
      fields: [
        { kind: 'number', id: 'n', title: 'N', min: 10, max: 1, integer: true },
        { kind: 'number', id: 'm', title: 'M', min: 0.5, integer: true },
        { kind: 'select', id: 'n', title: 'S', options: ['a', 'b', 'a'] },
      ],
    };
    expect(problemsOf(def).map((p) => p.path)).toEqual([
      '/tools/1/labels/1/hotkey',
      '/tools/1/id',
      '/fields/2/id',
      '/tools/0/keypoints/1/name',
      '/tools/0/maxCount',
      '/fields/0/max',
      '/fields/1/min',
      '/fields/2/options/2',
    ]);
  });

  it('refuses a template with nothing to do, untrimmed labels and bad hotkeys or colours', () => {
    expect(problemsOf({ formatVersion: 1, name: 'Empty', tools: [], fields: [] })).toEqual([
      { path: '', message: 'a template needs labels, tools or fields' },
    ]);
    const def = sample('echoMode');
    def.classification!.labels[0]!.name = ' 2D';
    expect(problemsOf(def)).toEqual([
      {
        path: '/classification/labels/0/name',
        message: 'label name must not start or end with white space',
      },
    ]);
    const keys = sample('echoMode') as unknown as {
      classification: { labels: Record<string, string>[] };
    };
    keys.classification.labels[0]!.hotkey = 'F1';
    keys.classification.labels[1]!.color = 'green';
    expect(problemsOf(keys).map((p) => p.path)).toEqual([
      '/classification/labels/0/hotkey',
      '/classification/labels/1/color',
    ]);
  });

  it('reports structure before semantics and handles any JSON', () => {
    expect(problemsOf(null)).toEqual([{ path: '', message: 'Expected object' }]);
    expect(problemsOf({ formatVersion: 2, name: 'x', tools: [], fields: [] })[0]!.path).toBe(
      '/formatVersion',
    );
    expect(problemsOf({ formatVersion: 1, name: 'x', tools: [7], fields: [] })).toEqual([
      { path: '/tools/0', message: 'expected an object with a kind' },
    ]);
  });
});

describe('exampleTemplates', () => {
  it('are frozen, so sharing them between tests is safe', () => {
    const labels = exampleTemplates.echoMode.classification!.labels;
    expect(() => {
      (labels[0] as { name: string }).name = 'changed';
    }).toThrow(TypeError);
    expect(labels[0]!.name).toBe('2D');
  });
});
