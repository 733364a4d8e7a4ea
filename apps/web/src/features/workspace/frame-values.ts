import type { ValueImage, WindowLevel } from '@medlabel/editor';
import { api, unwrap, type Image } from '../../api.js';

/** A greyscale DICOM frame's modality values with what the viewer shows beside them. */
export interface FrameValues extends ValueImage {
  /** 'HU' for CT; null when the modality's values have no named unit. */
  readonly unit: string | null;
  /** The window the file or the modality asks for. */
  readonly window: WindowLevel;
  /** The 1st to 99th percentile of the frame's values. */
  readonly auto: WindowLevel;
}

/**
 * Whether the viewer windows this image from its values: greyscale DICOM uploads. Colour
 * (RGB, YBR) DICOM and PNG/JPEG images show their rendered pixels.
 */
export function hasModalityValues(image: Image): boolean {
  const photometric = image.metadata.photometricInterpretation;
  return (
    image.metadata.source === 'dicom' &&
    typeof photometric === 'string' &&
    photometric.startsWith('MONOCHROME')
  );
}

const windowOf = (header: string | null): WindowLevel => {
  const [center, width] = (header ?? '').split(',').map(Number);
  return { level: center ?? 0, width: Math.max(1, width ?? 1) };
};

async function load(imageId: number, frame: number): Promise<FrameValues> {
  const result = await api.GET('/api/images/{id}/frames/{frame}/values', {
    params: { path: { id: imageId, frame } },
    parseAs: 'arrayBuffer',
  });
  const buffer = unwrap<ArrayBuffer>(result);
  const header = (name: string) => result.response.headers.get(name);
  const type = header('x-value-type');
  return {
    kind: 'values',
    width: Number(header('x-columns')),
    height: Number(header('x-rows')),
    data: type === 'int16' ? new Int16Array(buffer) : new Float32Array(buffer),
    min: Number(header('x-value-min')),
    max: Number(header('x-value-max')),
    inverted: header('x-inverted') === 'true',
    unit: header('x-unit'),
    window: windowOf(header('x-window')),
    auto: windowOf(header('x-auto-window')),
  };
}

/** Frames kept in memory: a 100-slice CT stack of 512 x 512 Int16 is 50 MiB. */
const KEPT = 128;
const cache = new Map<string, Promise<FrameValues>>();

/**
 * The values of frame `frame` of an image, loaded once and kept (the least recently used go
 * first), so that scrolling back through a stack or a cine does not load again; a failed load
 * is forgotten. Kept per user: the next user of the tab loads (and is access-checked) again.
 */
export function frameValues(userId: number, imageId: number, frame: number): Promise<FrameValues> {
  const key = `${userId}:${imageId}:${frame}`;
  let pending = cache.get(key);
  if (pending) cache.delete(key);
  else {
    pending = load(imageId, frame);
    pending.catch(() => cache.delete(key));
  }
  cache.set(key, pending);
  for (const oldest of cache.keys()) {
    if (cache.size <= KEPT) break;
    cache.delete(oldest);
  }
  return pending;
}

/** Presets of the window (level = centre) for CT, in HU. */
export const CT_PRESETS: readonly { name: string; window: WindowLevel }[] = [
  { name: 'Lung', window: { level: -600, width: 1500 } },
  { name: 'Mediastinum', window: { level: 40, width: 400 } },
  { name: 'Bone', window: { level: 400, width: 1800 } },
  { name: 'Brain', window: { level: 40, width: 80 } },
];
