import { exampleTemplates, type TemplateDefinition } from '@medlabel/schema';
import { describe, expect, it } from 'vitest';
import { reviewSave } from '../src/features/review/review-save.js';

const image = { width: 100, height: 100, frames: 1 };
const outlined: TemplateDefinition = {
  formatVersion: 1,
  name: 'Bag outline',
  classification: { choice: 'single', required: true, labels: [{ name: 'Bag' }, { name: 'Coat' }] },
  tools: [{ kind: 'polygon', id: 'polygon1', title: 'Outline', required: true }],
  fields: [],
};
const triangle = {
  kind: 'polygon' as const,
  id: 's1',
  tool: 'polygon1',
  points: [
    { x: 1, y: 1 },
    { x: 50, y: 1 },
    { x: 1, y: 50 },
  ],
};

describe('reviewSave', () => {
  it('submits the label when the label is all the template requires', () => {
    expect(reviewSave(exampleTemplates.fashionMnist, image, 'Bag', undefined)).toEqual({
      payload: { labels: ['Bag'], shapes: [], values: {} },
      status: 'submitted',
      missing: [],
    });
  });

  it('keeps a draft, saying what is missing, when a required drawing is not there yet', () => {
    expect(reviewSave(outlined, image, 'Coat', undefined)).toEqual({
      payload: { labels: ['Coat'], shapes: [], values: {} },
      status: 'draft',
      missing: ['Outline is required: draw at least one shape'],
    });
  });

  it("changes only the label of the reviewer's own annotation and submits it when complete", () => {
    const own = { labels: ['Bag'], shapes: [triangle], values: {} };
    expect(reviewSave(outlined, image, 'Coat', own)).toEqual({
      payload: { labels: ['Coat'], shapes: [triangle], values: {} },
      status: 'submitted',
      missing: [],
    });
  });
});
