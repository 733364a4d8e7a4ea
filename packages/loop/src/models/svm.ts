/**
 * An RBF support vector machine on libsvm-js (libsvm compiled to wasm) with probability
 * estimates: libsvm fits Platt sigmoids on internal cross-validation and couples them pairwise.
 * Features are imputed (training median) and standardised first. libsvm needs at least two
 * classes; a training set with one class yields a model that always answers that class.
 */
import type {
  Classifier,
  ClassifierFactory,
  FitOptions,
  LabeledSamples,
  Samples,
} from '../classifier.js';
import { locateLibsvmRandom, type LibsvmRandom } from './libsvm-random.js';
import type { SvmClass, SvmInstance } from './libsvm-types.js';
import { decodeModel, encodeModel } from './serialization.js';
import { fitStandardizer, standardize, type Standardizer } from './standardizer.js';

export interface SvmOptions {
  /** C, the misclassification cost (default 1). */
  readonly cost?: number;
  /** RBF gamma (default 1 / feature count). */
  readonly gamma?: number;
  /** Seeds the cross-validation folds of the probability estimates. Default 0. */
  readonly seed?: number;
}

interface Saved {
  classCount: number;
  standardizer: Standardizer;
  model?: string;
  onlyClass?: number;
}

/** Loads the wasm once and returns a factory of SVM classifiers. */
export async function createSvmFactory(options: SvmOptions = {}): Promise<ClassifierFactory> {
  const libsvm = await loadLibsvm();
  return (classCount) => createSvm(libsvm, classCount, options);
}

interface Libsvm {
  readonly SVM: SvmClass;
  readonly random: LibsvmRandom;
}

let libsvm: Promise<Libsvm> | undefined;

/**
 * The module's export is a promise that resolves once the wasm is compiled. Under Node it first
 * tries fetch() on a file path and logs the fallback through a console.warn it binds at load
 * time; the filter installed around the import drops only those two lines. A specifier held in
 * a variable keeps TypeScript from looking for type definitions the package lacks.
 */
function loadLibsvm(): Promise<Libsvm> {
  libsvm ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (!/^(wasm streaming compile failed|falling back to ArrayBuffer)/.test(String(args[0])))
        warn(...args);
    };
    try {
      const specifier = 'libsvm-js';
      const module = (await import(specifier)) as { default: Promise<SvmClass> };
      const SVM = await module.default;
      // The emscripten module behind the class (the same instance: Node caches the file).
      const emscripten = `${specifier}/out/wasm/libsvm.js`;
      const { default: wasm } = (await import(emscripten)) as {
        default: { HEAPU8: Uint8Array };
      };
      return { SVM, random: locateLibsvmRandom(SVM, () => wasm.HEAPU8) };
    } finally {
      console.warn = warn;
    }
  })();
  return libsvm;
}

function createSvm({ SVM, random }: Libsvm, classCount: number, options: SvmOptions): Classifier {
  let standardizer: Standardizer | undefined;
  let svm: SvmInstance | undefined;
  let onlyClass: number | undefined;

  const rows = (x: Float64Array, count: number): number[][] => {
    const size = x.length / Math.max(1, count);
    return Array.from({ length: count }, (_, i) =>
      Array.from(x.subarray(i * size, (i + 1) * size)),
    );
  };
  const release = (): void => {
    svm?.free();
    svm = undefined;
    onlyClass = undefined;
  };

  return {
    name: 'svm',
    classCount,
    fit(data: LabeledSamples, { signal, onProgress }: FitOptions = {}) {
      signal?.throwIfAborted();
      release();
      standardizer = fitStandardizer(data);
      const present = new Set(data.labels);
      if (present.size < 2) {
        onlyClass = data.labels[0] ?? 0;
      } else {
        svm = new SVM({
          type: SVM.SVM_TYPES.C_SVC,
          kernel: SVM.KERNEL_TYPES.RBF,
          cost: options.cost ?? 1,
          gamma: options.gamma ?? 1 / standardizer.means.length,
          probabilityEstimates: true,
          quiet: true,
        });
        random.seed(options.seed ?? 0);
        svm.train(rows(standardize(data, standardizer), data.count), Array.from(data.labels));
      }
      onProgress?.({ epoch: 1, epochs: 1, fraction: 1 });
      return Promise.resolve();
    },
    predictProba(samples: Samples) {
      if (!standardizer) throw new Error('svm: fit or load first');
      const out = new Float32Array(samples.count * classCount);
      if (onlyClass !== undefined) {
        for (let i = 0; i < samples.count; i++) out[i * classCount + onlyClass] = 1;
        return Promise.resolve(out);
      }
      rows(standardize(samples, standardizer), samples.count).forEach((row, i) => {
        for (const { label, probability } of svm!.predictOneProbability(row).estimates) {
          out[i * classCount + label] = probability;
        }
      });
      return Promise.resolve(out);
    },
    save() {
      if (!standardizer) throw new Error('svm: nothing to save');
      const saved: Saved = { classCount, standardizer, model: svm?.serializeModel(), onlyClass };
      return Promise.resolve(encodeModel('svm', saved));
    },
    load(bytes: Uint8Array) {
      const saved = decodeModel<Saved>('svm', bytes);
      if (saved.classCount !== classCount) throw new Error('svm: class count differs');
      release();
      standardizer = saved.standardizer;
      onlyClass = saved.onlyClass;
      if (saved.model !== undefined) svm = SVM.load(saved.model);
      return Promise.resolve();
    },
    dispose: release,
  };
}
