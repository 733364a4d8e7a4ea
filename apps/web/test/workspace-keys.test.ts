import { describeTemplateUi, exampleTemplates } from '@medlabel/schema';
import { describe, expect, it } from 'vitest';
import { moveInGrid } from '../src/features/workspace/grid-navigation.js';
import { keyAction } from '../src/features/workspace/workspace-keys.js';

const press = (key: string, modKey = false) => ({ key, modKey, altKey: false });

describe('keyAction', () => {
  const labels = describeTemplateUi(exampleTemplates.fashionMnist);
  const tools = describeTemplateUi(exampleTemplates.lesionContour);

  it('maps number keys to the template labels and Enter to submit', () => {
    expect(keyAction(press('3'), labels, false)).toEqual({ kind: 'label', label: 'Dress' });
    expect(keyAction(press('Enter'), labels, false)).toEqual({ kind: 'submit' });
    expect(keyAction(press('?'), labels, false)).toEqual({ kind: 'shortcuts' });
    expect(keyAction(press('ArrowDown'), labels, false)).toEqual({ kind: 'move', move: 'down' });
  });

  it('gives Enter, Escape and Backspace to the editor while a shape is drawn', () => {
    expect(keyAction(press('Enter'), tools, true)).toEqual({ kind: 'editor' });
    expect(keyAction(press('Escape'), tools, true)).toEqual({ kind: 'editor' });
    expect(keyAction(press('Enter'), tools, false)).toEqual({ kind: 'submit' });
  });

  it('switches tools by hotkey and leaves modified keys to the editor', () => {
    expect(keyAction(press('p'), tools, false)).toMatchObject({
      kind: 'tool',
      tool: { id: 'contour' },
    });
    expect(keyAction(press('z', true), tools, false)).toEqual({ kind: 'editor' });
    expect(keyAction(press('+'), tools, false)).toEqual({ kind: 'zoom', factor: 1.25 });
  });
});

describe('moveInGrid', () => {
  const layout = { pageSize: 12, columns: 3, total: 30 };

  it('steps within a page and across page edges', () => {
    expect(moveInGrid({ page: 0, index: 4 }, 'right', layout)).toEqual({ page: 0, index: 5 });
    expect(moveInGrid({ page: 0, index: 11 }, 'right', layout)).toEqual({ page: 1, index: 0 });
    expect(moveInGrid({ page: 1, index: 1 }, 'up', layout)).toEqual({ page: 0, index: 10 });
    expect(moveInGrid({ page: 1, index: 10 }, 'down', layout)).toEqual({ page: 2, index: 1 });
  });

  it('stops at the ends of the collection', () => {
    expect(moveInGrid({ page: 0, index: 0 }, 'left', layout)).toBeNull();
    expect(moveInGrid({ page: 2, index: 5 }, 'right', layout)).toBeNull();
    expect(moveInGrid({ page: 2, index: 4 }, 'down', layout)).toBeNull();
  });
});
