/**
 * What a pre-label job computes, timed alone in the benchmark's process with the server's own
 * code, on the server's data directory: decoding the images to pixels (FeatureReader, as the
 * job reads the batch and V), then predicting them on a fresh compute thread (thread start,
 * TensorFlow.js, loading the model, prediction), as the job does.
 */
import path from 'node:path';
import type { ImageRow, LoopRow } from '../src/db/tables.js';
import { ImageFiles } from '../src/images/image-files.js';
import { predictOnThread } from '../src/loops/compute/compute.js';
import { FeatureReader } from '../src/loops/features.js';
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

export async function timePrelabelCompute(
  dataDir: string,
  loop: LoopSpec,
  model: TrainedModel,
  images: { id: number; url: string }[],
): Promise<{ decodeSeconds: number; predictSeconds: number }> {
  const files = new ImageFiles(path.join(dataDir, 'files'), undefined);
  const reader = new FeatureReader(files, () =>
    Promise.resolve(new Map<number, Map<string, number>>()),
  );
  const decoding = performance.now();
  // The reader uses an image's id and url only.
  const samples = await reader.read(loop.config.features, images as unknown as ImageRow[]);
  const decodeSeconds = (performance.now() - decoding) / 1000;
  const row = {
    classifier: loop.classifier,
    class_names: JSON.stringify(loop.classNames),
    config: JSON.stringify(loop.config),
  } as LoopRow;
  const artifacts = new DirectoryArtifactStore(path.join(dataDir, 'artifacts'));
  const predicting = performance.now();
  await predictOnThread({
    model: modelSpec(row, model.round),
    artifact: await artifacts.get(model.artifactHash),
    calibration: model.calibration,
    samples: [samples],
  });
  return { decodeSeconds, predictSeconds: (performance.now() - predicting) / 1000 };
}
