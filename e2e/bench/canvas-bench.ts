// Runs inside Chromium (bundled by web.bench.ts): the editor and its 2D canvas renderer with
// one 1000-vertex polygon and 500 keypoints, panned and zoomed frame by frame. Each frame's
// time covers the input handling, the draw and a forced raster flush (getImageData of one
// pixel), i.e. the main-thread work a frame costs.
import { CanvasRenderer, Editor, type Shape } from '@medlabel/editor';

export interface CanvasBenchResult {
  readonly pan: number[];
  readonly zoom: number[];
  readonly windowLevel: number[];
}

const SIZE = 1024;

function shapes(vertices: number, keypoints: number): Shape[] {
  const polygon: Shape = {
    id: 'contour',
    tool: 'contour',
    kind: 'polygon',
    label: 'Lesion',
    points: Array.from({ length: vertices }, (_, i) => {
      const angle = (i / vertices) * Math.PI * 2;
      const radius = 380 + 40 * Math.sin(angle * 12);
      return { x: SIZE / 2 + radius * Math.cos(angle), y: SIZE / 2 + radius * Math.sin(angle) };
    }),
  };
  const points: Shape[] = Array.from({ length: keypoints }, (_, i) => ({
    id: `k${i}`,
    tool: 'landmarks',
    kind: 'keypoint',
    name: `k${i}`,
    points: [{ x: 40 + ((i * 37) % (SIZE - 80)), y: 40 + ((i * 91) % (SIZE - 80)) }],
  }));
  return [polygon, ...points];
}

async function picture(): Promise<ImageBitmap> {
  const canvas = new OffscreenCanvas(SIZE, SIZE);
  const ctx = canvas.getContext('2d')!;
  const gradient = ctx.createRadialGradient(SIZE / 2, SIZE / 2, 10, SIZE / 2, SIZE / 2, SIZE / 2);
  gradient.addColorStop(0, '#d0d0d0');
  gradient.addColorStop(1, '#202020');
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, SIZE, SIZE);
  return createImageBitmap(canvas);
}

export async function runCanvasBench(
  canvas: HTMLCanvasElement,
  frames: number,
): Promise<CanvasBenchResult> {
  const editor = new Editor({
    imageSize: { width: SIZE, height: SIZE },
    shapes: shapes(1000, 500),
  });
  editor.select('contour');
  // Frames are stepped by hand: the scheduler's callback is called right away.
  const renderer = new CanvasRenderer(canvas, editor, { requestFrame: () => undefined });
  renderer.resize(canvas.clientWidth, canvas.clientHeight, 1);
  renderer.setImage(await picture());
  editor.fit();
  const ctx = canvas.getContext('2d')!;
  const frame = (input: (i: number) => void) => {
    const times: number[] = [];
    for (let i = 0; i < frames; i++) {
      const start = performance.now();
      input(i);
      renderer.draw();
      ctx.getImageData(0, 0, 1, 1);
      times.push(performance.now() - start);
    }
    return times;
  };
  editor.setTool('hand');
  editor.pointerDown(400, 400);
  const pan = frame((i) =>
    editor.pointerMove(400 + 200 * Math.sin(i / 20), 400 + 120 * Math.cos(i / 25)),
  );
  editor.pointerUp(400, 400);
  const zoom = frame((i) => editor.wheel(600, 400, i % 60 < 30 ? -40 : 40));
  const windowLevel = frame((i) =>
    editor.updateSession({ windowLevel: { width: 100 + (i % 100), level: 128 } }),
  );
  renderer.destroy();
  return { pan, zoom, windowLevel };
}
