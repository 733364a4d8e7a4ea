/**
 * What a pre-label job computes, timed alone in the benchmark's process with the server's own
 * code, on the server's data directory: decoding the images to pixels (FeatureReader, as the
 * job reads the batch and V), then predicting them on a fresh compute thread (thread start,
 * TensorFlow.js, loading the model, prediction), as the job does. Each is timed a few times and
 * the fastest run counts.
 */
import path from 'node:path';
import type { ImageRow, LoopRow } from '../src/db/tables.js';
import { ImageFiles } from '../src/images/image-files.js';
import { predictOnThread } from '../src/loops/compute/compute.js';
import { fileImageSource } from '../src/images/image-source.js';
import { FeatureReader, type FrameSource } from '../src/loops/features.js';
import { modelSpec } from '../src/loops/loop-jobs.js';
import type { LoopConfig } from '../src/loops/loops.dto.js';
import { DirectoryArtifactStore } from '../src/storage/artifact-store.js';

export interface LoopSpec {
  classifier: LoopRow['classifier'];
  classNames: string[];
  config: LoopConfig;
}

export interface TrainedModel {
  round: number;
  artifactHash: string;
  calibration: { method: 'temperature'; temperature: number };
}

/** Each is timed this many times; the fastest run counts, the one least slowed by other work. */
const RUNS = 3;

async function seconds(work: () => Promise<unknown>): Promise<number> {
  let fastest = Infinity;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    await work();
    fastest = Math.min(fastest, (performance.now() - started) / 1000);
  }
  return fastest;
}

export async function timePrelabelCompute(
  dataDir: string,
  loop: LoopSpec,
  model: TrainedModel,
  images: { id: number; url: string }[],
): Promise<{ decodeSeconds: number; predictSeconds: number }> {
  const files = new ImageFiles(path.join(dataDir, 'files'), 'unused: no DICOM is uploaded here');
  const uploads = fileImageSource(files);
  const frames: FrameSource = {
    frame: (at, frame) =>
      at.kind === 'file' ? uploads.frame(at, frame) : Promise.reject(new Error('not an upload')),
  };
  const reader = new FeatureReader(frames, () =>
    Promise.resolve(new Map<number, Map<string, number>>()),
  );
  // The reader uses an image's id and location only: these are uploads, on no image source.
  const uploaded = images.map((image) => ({ ...image, source_id: null }));
  const read = () => reader.read(loop.config.features, uploaded as unknown as ImageRow[]);
  const samples = await read();
  const row = {
    classifier: loop.classifier,
    class_names: JSON.stringify(loop.classNames),
    config: JSON.stringify(loop.config),
  } as LoopRow;
  const artifact = await new DirectoryArtifactStore(path.join(dataDir, 'artifacts')).get(
    model.artifactHash,
  );
  const predict = () =>
    predictOnThread({
      model: modelSpec(row, model.round, 1),
      artifact,
      calibration: model.calibration,
      samples: [samples],
    });
  return { decodeSeconds: await seconds(read), predictSeconds: await seconds(predict) };
}
