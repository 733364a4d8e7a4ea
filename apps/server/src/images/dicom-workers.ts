import os from 'node:os';
import { DicomError, type DeidentifyOptions, type DicomErrorCode } from '@medlabel/dicom';
import { HttpError } from '../http/problem.js';
import { dicomProblem, type DicomUpload } from './dicom-upload.js';
import type { ReadReport, SegmentationContours } from '@medlabel/dicom';
import type { DerivedStudy, SeriesSegmentation } from '../exports/dicom-derived.js';
import { WorkerPool } from '../threads/worker-pool.js';

/** A task for a DICOM thread (dicom.worker.ts). */
export type DicomTask =
  | { kind: 'sr' | 'seg'; study: DerivedStudy }
  | { kind: 'read-sr' | 'read-seg'; bytes: Uint8Array }
  | { kind: 'import'; bytes: Uint8Array; deidentify: DeidentifyOptions }
  | { kind: 'render' | 'values'; bytes: Uint8Array; frame: number };

export interface DicomWorkerOptions {
  /** threads, and so tasks running at once */
  threads: number;
  /** tasks that may wait for a thread; more are refused with 429 */
  maxWaiting: number;
  /** a task running longer ends its thread and is refused with 422 */
  timeoutMs: number;
  /** the V8 heap of a thread in MiB (pixel buffers live outside it) */
  maxHeapMb: number;
  /** an idle thread ends after this long */
  idleMs: number;
  /** PS3.15's Retain Patient Characteristics Option for every import (Config) */
  retainPatientCharacteristics: boolean;
}

/** Half the cores (1 to 4): the other half keeps the event loop, sharp and the database going. */
export const DEFAULT_DICOM_WORKERS: DicomWorkerOptions = {
  threads: Math.max(1, Math.min(4, Math.floor(os.availableParallelism() / 2))),
  maxWaiting: 64,
  timeoutMs: 60_000,
  maxHeapMb: 1024,
  idleMs: 300_000,
  retainPatientCharacteristics: false,
};

const ENTRY = new URL('./dicom.worker.ts', import.meta.url);

const asBuffer = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * Everything @medlabel/dicom does (de-identifying and rendering uploads, rendering frames,
 * writing and reading SR and SEG) on a pool of worker threads: never on the event loop, at
 * most `threads` at once, a time limit per task and a heap limit per thread (see WorkerPool).
 */
export class DicomWorkers {
  private readonly options: DicomWorkerOptions;
  private readonly pool: WorkerPool;

  constructor(options: Partial<DicomWorkerOptions> = {}) {
    this.options = { ...DEFAULT_DICOM_WORKERS, ...options };
    this.pool = new WorkerPool({
      ...this.options,
      entry: ENTRY,
      what: 'decoding DICOM files',
      tooCostly: (why) =>
        new HttpError(422, 'dicom-too-costly', `Decoding this DICOM file ${why}; it is refused.`),
      failure: (code, message) =>
        code ? dicomProblem(new DicomError(code as DicomErrorCode, message)) : new Error(message),
    });
  }

  /** De-identifies an upload and renders its frame 0 (see importDicom). */
  async importDicom(bytes: Uint8Array, secret: string): Promise<DicomUpload> {
    const { retainPatientCharacteristics } = this.options;
    const deidentify = { secret, retainPatientCharacteristics };
    const result = (await this.run({ kind: 'import', bytes, deidentify })) as DicomUpload;
    return { ...result, png: asBuffer(result.png) };
  }

  /** A study's annotations as a DICOM SR measurement report (exports/dicom-derived.ts). */
  async studyReport(study: DerivedStudy): Promise<Uint8Array> {
    return (await this.run({ kind: 'sr', study })) as Uint8Array;
  }

  /** A study's contours as DICOM SEG, one per series (exports/dicom-derived.ts). */
  async studySegmentations(study: DerivedStudy): Promise<SeriesSegmentation[]> {
    return (await this.run({ kind: 'seg', study })) as SeriesSegmentation[];
  }

  /** The annotations of a measurement report medlabel wrote (readMeasurementReport). */
  async readReport(bytes: Uint8Array): Promise<ReadReport> {
    return (await this.run({ kind: 'read-sr', bytes })) as ReadReport;
  }

  /** The contours of a segmentation medlabel wrote (readSegmentationContours). */
  async readSegmentation(bytes: Uint8Array): Promise<SegmentationContours[]> {
    return (await this.run({ kind: 'read-seg', bytes })) as SegmentationContours[];
  }

  /** Renders one frame of a stored DICOM file as PNG. */
  async renderFrame(bytes: Uint8Array, frame: number): Promise<Buffer> {
    return asBuffer((await this.run({ kind: 'render', bytes, frame })) as Uint8Array);
  }

  /** The modality values of one greyscale frame of a stored DICOM file (frame-values.ts). */
  async frameValues(bytes: Uint8Array, frame: number): Promise<Buffer> {
    return asBuffer((await this.run({ kind: 'values', bytes, frame })) as Uint8Array);
  }

  /** Tasks running and waiting now. */
  get load(): { running: number; waiting: number } {
    return this.pool.load;
  }

  /** Ends every thread; tasks still running fail. */
  close(): Promise<void> {
    return this.pool.close();
  }

  private run(task: DicomTask): Promise<unknown> {
    return this.pool.run(task);
  }
}
