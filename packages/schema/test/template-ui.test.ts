import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PALETTE,
  describeTemplateUi,
  exampleTemplates,
  type TemplateDefinition,
} from '../src/index.js';

describe('describeTemplateUi', () => {
  it('lists labels with their hotkeys and colours, and the shortcuts', () => {
    const ui = describeTemplateUi(exampleTemplates.echoMode);
    expect(ui.classification?.choice).toBe('single');
    expect(ui.classification?.labels.map((l) => [l.name, l.hotkey])).toEqual([
      ['2D', '1'],
      ['M-mode', '2'],
      ['PW Doppler', '3'],
      ['CW Doppler', '4'],
      ['Color Doppler', '5'],
    ]);
    expect(ui.shortcuts[3]).toEqual({ key: '4', action: 'label', label: 'CW Doppler' });
    expect(ui.fields.map((f) => [f.id, f.required])).toEqual([
      ['quality', true],
      ['artifact', false],
    ]);
  });

  it('gives free number keys and palette colours to labels that declare none', () => {
    const def: TemplateDefinition = {
      formatVersion: 1,
      name: 'Auto keys',
      classification: {
        choice: 'multi',
        required: false,
        labels: [{ name: 'a' }, { name: 'b', hotkey: '1' }, { name: 'c' }],
      },
      tools: [
        { kind: 'polygon', id: 'p', title: 'P', hotkey: '2', labels: [{ name: 'x', hotkey: '3' }] },
      ],
      fields: [],
    };
    const ui = describeTemplateUi(def);
    expect(ui.classification?.labels.map((l) => l.hotkey)).toEqual(['4', '1', '5']);
    expect(ui.classification?.labels[2]!.color).toBe(DEFAULT_PALETTE[2]);
    expect(ui.shortcuts).toContainEqual({ key: '2', action: 'tool', tool: 'p' });
    expect(ui.classification?.title).toBe('Label');
  });

  it('describes each tool kind with what it measures', () => {
    const ruler = describeTemplateUi(exampleTemplates.lengthMeasurement).tools[0]!;
    expect(ruler).toMatchObject({
      kind: 'ruler',
      unit: 'mm',
      measures: ['length'],
      maxCount: 3,
      required: true,
    });
    const contour = describeTemplateUi(exampleTemplates.lesionContour).tools[0]!;
    expect(contour.measures).toEqual(['area', 'perimeter']);
    expect(contour.labels.map((l) => l.name)).toEqual(['Lesion', 'Organ']);
    const landmarks = describeTemplateUi(exampleTemplates.cardiacLandmarks).tools[0]!;
    expect(landmarks.keypoints.map((k) => k.name)).toEqual([
      'LV apex',
      'Mitral annulus (septal)',
      'Mitral annulus (lateral)',
    ]);
    expect(landmarks.unit).toBeNull();
    expect(describeTemplateUi(exampleTemplates.lesionContour).classification).toBeNull();
  });
});
