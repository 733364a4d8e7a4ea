// Polygon rasterisation for segmentations: a pixel belongs to a contour when its centre lies
// inside (even-odd rule), with (0, 0) the top-left corner of the top-left pixel.

export interface Point {
  x: number;
  y: number;
}

/** Sets to 1 the pixels of `mask` (rows x columns, row by row) whose centres the polygon holds. */
export function fillPolygon(
  mask: Uint8Array,
  rows: number,
  columns: number,
  polygon: readonly Point[],
): void {
  const n = polygon.length;
  if (n < 3) return;
  const ys = polygon.map((p) => p.y);
  const top = Math.max(0, Math.ceil(Math.min(...ys) - 0.5));
  const bottom = Math.min(rows - 1, Math.floor(Math.max(...ys) - 0.5));
  const crossings: number[] = [];
  for (let row = top; row <= bottom; row++) {
    const y = row + 0.5;
    crossings.length = 0;
    for (let i = 0; i < n; i++) {
      const a = polygon[i]!;
      const b = polygon[(i + 1) % n]!;
      // Half-open in y, so a vertex on the scan line counts once.
      if (a.y <= y !== b.y <= y) crossings.push(a.x + ((y - a.y) / (b.y - a.y)) * (b.x - a.x));
    }
    crossings.sort((p, q) => p - q);
    for (let i = 0; i + 1 < crossings.length; i += 2) {
      const first = Math.max(0, Math.ceil(crossings[i]! - 0.5));
      const last = Math.min(columns - 1, Math.ceil(crossings[i + 1]! - 0.5) - 1);
      mask.fill(1, row * columns + first, row * columns + last + 1);
    }
  }
}

/** Frames of 0/1 bytes packed as SEG BINARY pixel data: bits in a row across frames, LSB first. */
export function packBits(frames: readonly Uint8Array[]): Uint8Array {
  const bits = frames.reduce((sum, f) => sum + f.length, 0);
  const packed = new Uint8Array(Math.ceil(bits / 8) + (Math.ceil(bits / 8) % 2)); // even length
  let at = 0;
  for (const frame of frames) {
    for (let i = 0; i < frame.length; i++, at++) if (frame[i]) packed[at >> 3]! |= 1 << (at & 7);
  }
  return packed;
}

/** Frame `index` of packed BINARY pixel data as 0/1 bytes. */
export function unpackFrame(packed: Uint8Array, index: number, pixels: number): Uint8Array {
  const frame = new Uint8Array(pixels);
  const start = index * pixels;
  for (let i = 0; i < pixels; i++) frame[i] = (packed[(start + i) >> 3]! >> ((start + i) & 7)) & 1;
  return frame;
}
