import { exampleTemplates, type TemplateDefinition } from '@medlabel/schema';
import { describe, expect, it } from 'vitest';
import { problemPlace } from '../src/features/templates/problem-place.js';

const def: TemplateDefinition = {
  ...exampleTemplates.lesionContour,
  classification: { choice: 'single', required: false, labels: [{ name: 'benign' }] },
};

describe('problemPlace', () => {
  it('names the part of the template a pointer leads to, as the template names it', () => {
    expect(problemPlace(def, '/tools/0/hotkey')).toBe('Tool "Contour", hotkey');
    expect(problemPlace(def, '/tools/0/labels/0/hotkey')).toBe(
      'Tool "Contour", label "Lesion", hotkey',
    );
    expect(problemPlace(def, '/classification/labels/0/name')).toBe('Label "benign", name');
    expect(problemPlace(def, '/fields/0/max')).toBe('Field "Number of lesions", maximum');
    expect(problemPlace(def, '/requiredExpertise/modality')).toBe('Required expertise, modality');
    expect(problemPlace(def, '/name')).toBe('Name');
    expect(problemPlace(def, '')).toBe('');
  });
});
