import { beforeEach, describe, expect, it } from 'vitest';
import type { PixelSpacing } from '@medlabel/geometry';
import { Editor } from '../src/editor.js';

/** An editor on a 100x100 image seen at zoom 2 with no offset: screen = 2 * image. */
function makeEditor(pixelSpacing: PixelSpacing | null = null): Editor {
  let next = 0;
  const editor = new Editor({
    imageSize: { width: 100, height: 100 },
    pixelSpacing,
    newId: () => `s${++next}`,
  });
  editor.setCamera({ x: 0, y: 0, zoom: 2 });
  return editor;
}

describe('hand tool', () => {
  it('idle -> dragging -> idle and pans the camera', () => {
    const editor = makeEditor();
    expect(editor.path).toBe('root.hand.idle');
    editor.pointerDown(50, 50);
    expect(editor.path).toBe('root.hand.dragging');
    editor.pointerMove(70, 40);
    expect(editor.session.camera).toEqual({ x: 20, y: -10, zoom: 2 });
    editor.pointerUp(70, 40);
    expect(editor.path).toBe('root.hand.idle');
    expect(editor.shapes).toHaveLength(0);
  });

  it('zooms at the wheel position', () => {
    const editor = makeEditor();
    editor.wheel(100, 100, -100);
    expect(editor.session.camera.zoom).toBeGreaterThan(2);
    const { x, y, zoom } = editor.session.camera;
    expect((100 - x) / zoom).toBeCloseTo(50);
    expect((100 - y) / zoom).toBeCloseTo(50);
  });
});

describe('polygon tool', () => {
  let editor: Editor;
  beforeEach(() => {
    editor = makeEditor();
    editor.setTool('polygon', 'contour');
    editor.setActiveLabel('lesion');
  });

  function drawTriangle(): void {
    editor.click(20, 20).click(120, 20).click(120, 120);
  }

  it('draws and closes on the first vertex', () => {
    expect(editor.path).toBe('root.polygon.idle');
    editor.click(20, 20);
    expect(editor.path).toBe('root.polygon.drawing');
    editor.click(120, 20).click(120, 120);
    expect(editor.session.draft?.points).toHaveLength(3);
    editor.click(22, 21); // within the handle radius of the first vertex
    expect(editor.path).toBe('root.polygon.idle');
    expect(editor.shapes).toEqual([
      {
        id: 's1',
        tool: 'contour',
        kind: 'polygon',
        label: 'lesion',
        points: [
          { x: 10, y: 10 },
          { x: 60, y: 10 },
          { x: 60, y: 60 },
        ],
      },
    ]);
    expect(editor.session.selectedShapeId).toBe('s1');
    expect(editor.session.draft).toBeNull();
  });

  it('does not close with fewer than three vertices; Enter closes after three', () => {
    editor.click(20, 20).click(120, 20);
    expect(editor.keyDown('Enter')).toBe(false);
    expect(editor.path).toBe('root.polygon.drawing');
    editor.click(120, 120);
    editor.keyDown('Enter');
    expect(editor.shapes[0]?.points).toHaveLength(3);
  });

  it('ignores the second press of a double click and finishes on it', () => {
    editor.click(20, 20).click(120, 20).click(120, 120).click(120, 120);
    editor.doubleClick(120, 120);
    expect(editor.shapes[0]?.points).toHaveLength(3);
  });

  it('Backspace removes the last vertex, Escape cancels', () => {
    editor.click(20, 20).click(120, 20);
    editor.keyDown('Backspace');
    expect(editor.session.draft?.points).toEqual([{ x: 10, y: 10 }]);
    editor.keyDown('Escape');
    expect(editor.path).toBe('root.polygon.idle');
    expect(editor.session.draft).toBeNull();
    expect(editor.shapes).toHaveLength(0);
  });

  it('drags a vertex as one undoable step', () => {
    drawTriangle();
    editor.keyDown('Enter');
    editor.pointerDown(120, 120);
    expect(editor.path).toBe('root.polygon.dragging_vertex');
    editor.pointerMove(140, 130).pointerMove(160, 140);
    editor.pointerUp(160, 140);
    expect(editor.path).toBe('root.polygon.idle');
    expect(editor.shapes[0]?.points[2]).toEqual({ x: 80, y: 70 });
    editor.undo();
    expect(editor.shapes[0]?.points[2]).toEqual({ x: 60, y: 60 });
    editor.redo();
    expect(editor.shapes[0]?.points[2]).toEqual({ x: 80, y: 70 });
  });

  it('Escape while dragging puts the vertex back', () => {
    drawTriangle();
    editor.keyDown('Enter');
    editor.pointerDown(120, 120).pointerMove(160, 140);
    editor.keyDown('Escape');
    expect(editor.path).toBe('root.polygon.idle');
    expect(editor.shapes[0]?.points[2]).toEqual({ x: 60, y: 60 });
  });

  it('inserts a vertex at a midpoint of the selected polygon', () => {
    drawTriangle();
    editor.keyDown('Enter');
    editor.pointerDown(70, 20); // midpoint of (10,10)-(60,10) is (35,10) -> screen (70,20)
    expect(editor.path).toBe('root.polygon.dragging_vertex');
    editor.pointerMove(70, 0).pointerUp(70, 0);
    expect(editor.shapes[0]?.points).toEqual([
      { x: 10, y: 10 },
      { x: 35, y: 0 },
      { x: 60, y: 10 },
      { x: 60, y: 60 },
    ]);
    editor.undo();
    expect(editor.shapes[0]?.points).toHaveLength(3);
  });

  it('deletes a vertex with Alt+click or Delete, and the polygon below three vertices', () => {
    editor.click(20, 20).click(120, 20).click(120, 120).click(20, 120);
    editor.keyDown('Enter');
    editor.click(20, 120, { altKey: true });
    expect(editor.shapes[0]?.points).toHaveLength(3);
    editor.click(120, 120);
    expect(editor.session.selectedVertex).toEqual({ shapeId: 's1', index: 2 });
    expect(editor.keyDown('Delete')).toBe(true);
    expect(editor.shapes).toHaveLength(0);
    editor.undo();
    expect(editor.shapes[0]?.points).toHaveLength(3);
  });

  it('starts a new polygon inside an existing one', () => {
    editor.click(0, 0).click(180, 0).click(180, 180);
    editor.keyDown('Enter');
    editor.click(60, 40);
    expect(editor.path).toBe('root.polygon.drawing');
  });
});

describe('polyline tool', () => {
  it('finishes with Enter after two vertices and never closes on the first', () => {
    const editor = makeEditor();
    editor.setTool('polyline');
    editor.click(20, 20).click(100, 20).click(20, 22);
    expect(editor.path).toBe('root.polyline.drawing');
    editor.keyDown('Enter');
    expect(editor.shapes[0]).toMatchObject({
      kind: 'polyline',
      points: [
        { x: 10, y: 10 },
        { x: 50, y: 10 },
        { x: 10, y: 11 },
      ],
    });
    expect(editor.measure(editor.shapes[0]!)[0]?.unit).toBe('px');
  });
});

describe('keypoint tool', () => {
  it('places one keypoint per click and drags existing ones', () => {
    const editor = makeEditor();
    editor.setTool('keypoint');
    editor.setActiveLabel('apex');
    editor.click(10, 10).click(100, 60);
    expect(editor.shapes.map((s) => s.points[0])).toEqual([
      { x: 5, y: 5 },
      { x: 50, y: 30 },
    ]);
    expect(editor.shapes[1]).toMatchObject({ kind: 'keypoint', tool: 'keypoint', name: 'apex' });
    editor.pointerDown(101, 61);
    expect(editor.path).toBe('root.keypoint.dragging_vertex');
    editor.pointerMove(150, 150).pointerUp(150, 150);
    expect(editor.shapes[1]?.points[0]).toEqual({ x: 75, y: 75 });
    editor.undo();
    editor.undo();
    expect(editor.shapes).toHaveLength(1);
  });
});

describe('ruler tool', () => {
  it('measures in mm with a pixel spacing', () => {
    const editor = makeEditor([0.5, 0.25]);
    editor.setTool('ruler');
    editor.pointerDown(0, 0);
    expect(editor.path).toBe('root.ruler.measuring');
    editor.pointerMove(80, 60);
    expect(editor.session.draft?.points[1]).toEqual({ x: 40, y: 30 });
    editor.pointerUp(80, 60);
    expect(editor.path).toBe('root.ruler.idle');
    // 40 px * 0.25 mm = 10 mm across, 30 px * 0.5 mm = 15 mm down
    const [length] = editor.measure(editor.shapes[0]!);
    expect(length).toMatchObject({ quantity: 'length', unit: 'mm' });
    expect(length?.value).toBeCloseTo(Math.hypot(10, 15), 9);
  });

  it('measures in px without one, and ignores a click without a drag', () => {
    const editor = makeEditor();
    editor.setTool('ruler');
    editor.click(10, 10);
    expect(editor.shapes).toHaveLength(0);
    editor.pointerDown(0, 0).pointerMove(60, 80).pointerUp(60, 80);
    expect(editor.measure(editor.shapes[0]!)).toMatchObject([
      { quantity: 'length', value: 50, unit: 'px' },
    ]);
  });
});

describe('window/level tool', () => {
  it('changes the window with a drag', () => {
    const editor = makeEditor();
    editor.setTool('window_level');
    editor.pointerDown(0, 0).pointerMove(40, -20);
    expect(editor.path).toBe('root.window_level.dragging');
    expect(editor.session.windowLevel).toEqual({ width: 296, level: 148 });
    editor.pointerUp(40, -20);
    expect(editor.path).toBe('root.window_level.idle');
  });
});

describe('editor', () => {
  it('undo and redo with keyboard shortcuts, and loading clears the history', () => {
    const editor = makeEditor();
    editor.setTool('keypoint');
    editor.click(10, 10);
    const version = editor.documentVersion;
    expect(editor.keyDown('z', { modKey: true })).toBe(true);
    expect(editor.shapes).toHaveLength(0);
    expect(editor.documentVersion).toBe(version + 1);
    editor.keyDown('z', { modKey: true, shiftKey: true });
    expect(editor.shapes).toHaveLength(1);
    editor.load([]);
    expect(editor.canUndo).toBe(false);
  });

  it('switching tools abandons a draft', () => {
    const editor = makeEditor();
    editor.setTool('polygon');
    editor.click(10, 10);
    editor.setTool('hand');
    expect(editor.session.draft).toBeNull();
    expect(editor.path).toBe('root.hand.idle');
  });
});

describe('multi-frame images', () => {
  it('puts new shapes on the current frame and edits only the shapes shown', () => {
    const editor = makeEditor();
    editor.setTool('keypoint');
    editor.click(10, 10);
    editor.updateSession({ frame: 2 });
    editor.click(10, 10); // frame 0's point is not on screen: a new point, not a drag
    expect(editor.shapes.map((s) => s.frame ?? 0)).toEqual([0, 2]);
    expect(editor.visibleShapes).toHaveLength(1);
  });
});
