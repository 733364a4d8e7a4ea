import sharp from 'sharp';
import { decodeFrame } from './decode.js';
import type { WindowSetting } from './metadata.js';
import type { DicomFile } from './parse.js';
import { applyWindow, fileWindow, minMaxWindow } from './window.js';

/**
 * How greyscale values become display levels: an explicit window, the file's first stored
 * window ('file'; without one, the soft-tissue window for CT and the frame's range otherwise) or
 * the frame's own range ('min-max').
 */
export type WindowChoice = WindowSetting | 'file' | 'min-max';

export interface RenderedFrame {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  /** The window applied to a greyscale frame; undefined for colour. */
  readonly window: WindowSetting | undefined;
}

/** Decodes frame `index` and encodes it as an 8-bit PNG (grey or RGB) for the browser. */
export async function renderFramePng(
  file: DicomFile,
  index = 0,
  options: { window?: WindowChoice } = {},
): Promise<RenderedFrame> {
  const frame = await decodeFrame(file, index);
  const { rows: height, columns: width } = frame;
  if (frame.kind === 'rgb') {
    const png = await sharp(frame.rgb, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer();
    return { png, width, height, channels: 3, window: undefined };
  }
  const choice = options.window ?? 'file';
  const window =
    choice === 'min-max'
      ? minMaxWindow(frame)
      : choice === 'file'
        ? (fileWindow(file) ?? minMaxWindow(frame))
        : choice;
  const grey = applyWindow(frame, window);
  // Single-channel raw input would come out as RGB without the explicit colour space.
  const png = await sharp(grey, { raw: { width, height, channels: 1 } })
    .toColourspace('b-w')
    .png()
    .toBuffer();
  return { png, width, height, channels: 1, window };
}
