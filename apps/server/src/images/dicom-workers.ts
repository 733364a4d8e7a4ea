import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { DicomError, type DeidentifyOptions, type DicomErrorCode } from '@medlabel/dicom';
import { HttpError } from '../http/problem.js';
import { dicomProblem, type DicomUpload } from './dicom-upload.js';
import { WorkQueue } from './work-queue.js';
import type { ReadReport, SegmentationContours } from '@medlabel/dicom';
import type { DerivedStudy, SeriesSegmentation } from '../exports/dicom-derived.js';
import { typescriptWorker } from '../threads/typescript-worker.js';

/** A task for a DICOM thread (dicom.worker.ts). */
export type DicomTask =
  | { id: number; kind: 'sr' | 'seg'; study: DerivedStudy }
  | { id: number; kind: 'read-sr' | 'read-seg'; bytes: Uint8Array }
  | { id: number; kind: 'import'; bytes: Uint8Array; deidentify: DeidentifyOptions }
  | { id: number; kind: 'render' | 'values'; bytes: Uint8Array; frame: number };

/** A task before the pool numbers it. */
type NewTask = DicomTask extends infer T ? (T extends DicomTask ? Omit<T, 'id'> : never) : never;

/** Its answer: the result, or the DicomError code and message of a failure. */
export type DicomReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; code: DicomErrorCode | undefined; message: string };

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

const tooCostly = (why: string) =>
  new HttpError(422, 'dicom-too-costly', `Decoding this DICOM file ${why}; it is refused.`);

const asBuffer = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * A pool of worker threads for everything @medlabel/dicom does (de-identifying and rendering
 * uploads, rendering frames): never on the event loop, at most `threads` at once, a bounded
 * queue, a time limit per task and a heap limit per thread. Threads start on first use, are
 * reused, and end when idle; an idle thread does not keep the process alive.
 */
export class DicomWorkers {
  private readonly options: DicomWorkerOptions;
  private readonly queue: WorkQueue;
  private readonly idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];
  private readonly all = new Set<Worker>();
  private nextId = 1;
  private closed = false;

  constructor(options: Partial<DicomWorkerOptions> = {}) {
    this.options = { ...DEFAULT_DICOM_WORKERS, ...options };
    this.queue = new WorkQueue(
      'decoding DICOM files',
      this.options.threads,
      this.options.maxWaiting,
    );
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
    return this.queue.load;
  }

  /** Ends every thread; tasks still running fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const { timer } of this.idle.splice(0)) clearTimeout(timer);
    await Promise.all([...this.all].map((worker) => worker.terminate()));
  }

  private run(task: NewTask): Promise<unknown> {
    return this.queue.run(() => this.execute(task));
  }

  private take(): Worker {
    const idle = this.idle.pop();
    if (idle) {
      clearTimeout(idle.timer);
      return idle.worker;
    }
    const worker = typescriptWorker(ENTRY, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb },
    });
    this.all.add(worker);
    // Failures reach the task that caused them; this listener keeps one from crashing us.
    worker.on('error', () => undefined);
    worker.on('exit', () => {
      this.all.delete(worker);
      const at = this.idle.findIndex((entry) => entry.worker === worker);
      if (at >= 0) clearTimeout(this.idle.splice(at, 1)[0]!.timer);
    });
    return worker;
  }

  private release(worker: Worker): void {
    if (this.closed) {
      void worker.terminate();
      return;
    }
    worker.unref();
    const timer = setTimeout(() => {
      const at = this.idle.findIndex((entry) => entry.worker === worker);
      if (at >= 0) this.idle.splice(at, 1);
      void worker.terminate();
    }, this.options.idleMs);
    timer.unref();
    this.idle.push({ worker, timer });
  }

  private execute(task: NewTask): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('the DICOM workers are closed'));
    const worker = this.take();
    worker.ref(); // a running task keeps the process alive
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const finish = (action: () => void) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        action();
      };
      const onMessage = (reply: DicomReply) => {
        if (reply.id !== id) return;
        finish(() => {
          this.release(worker);
          if (reply.ok) resolve(reply.result);
          else {
            reject(
              reply.code
                ? dicomProblem(new DicomError(reply.code, reply.message))
                : new Error(reply.message),
            );
          }
        });
      };
      const onError = (error: Error) =>
        finish(() =>
          reject(
            (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? tooCostly(`needs more than ${this.options.maxHeapMb} MiB`)
              : error,
          ),
        );
      const onExit = (code: number) =>
        finish(() => reject(new Error(`a DICOM thread exited with code ${code}`)));
      const timer = setTimeout(
        () =>
          finish(() => {
            void worker.terminate();
            reject(tooCostly(`takes longer than ${this.options.timeoutMs / 1000} s`));
          }),
        this.options.timeoutMs,
      );
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ ...task, id });
    });
  }
}
