/**
 * The loop demo against a running platform: make the workspace, create a CNN loop on it, run
 * its rounds with a simulated reviewer and print what each round did. It knows the server only
 * by its URL and admin account, so a test can run it against an in-process app.
 */
import { ApiError, unwrap } from '@medlabel/api-client';
import type { DemoImage } from './fashion.js';
import { roundLine, seedLine, summaryLines } from './report.js';
import { modelFigures, runRound, waitForPhase, type RoundFigures } from './rounds.js';
import { createWorkspace, type Workspace } from './workspace.js';

export interface DemoSettings {
  readonly classNames: readonly string[];
  /** images labeled by the annotator before the loop, per class (V is drawn from them) */
  readonly seedPerClass: number;
  readonly validationPerClass: number;
  readonly batchSize: number;
  readonly rounds: number;
  readonly threshold: number;
  readonly auditShare: number;
  /** CNN epochs per training; the server's default when absent */
  readonly epochs?: number;
  /** how long one training or pre-labeling job may take */
  readonly jobTimeoutMs: number;
}

export interface DemoResult {
  readonly rounds: readonly RoundFigures[];
  readonly lines: readonly string[];
}

/** Runs `work`, naming the step in the error when it fails. */
async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const reason =
      error instanceof ApiError
        ? `the server answered ${error.status}: ${error.message}`
        : (error as Error).message;
    throw new Error(`${name} failed: ${reason}`, { cause: error });
  }
}

async function createLoop(workspace: Workspace, settings: DemoSettings): Promise<number> {
  const loop = unwrap(
    await workspace.researcher.POST('/api/loops', {
      body: {
        name: 'Fashion-MNIST demo loop',
        collectionId: workspace.collectionId,
        classifier: 'cnn',
        features: { kind: 'pixels', size: 28 },
        routing: { strategy: 'threshold', threshold: settings.threshold },
        batchSize: settings.batchSize,
        auditShare: settings.auditShare,
        validationPerClass: settings.validationPerClass,
        retrainPolicy: 'manual',
        ...(settings.epochs === undefined ? {} : { epochs: settings.epochs }),
      },
    }),
  );
  return loop.id;
}

export async function runLoopDemo(options: {
  baseUrl: string;
  admin: { email: string; password: string };
  images: readonly DemoImage[];
  settings: DemoSettings;
  log: (line: string) => void;
}): Promise<DemoResult> {
  const { settings, log } = options;
  const started = performance.now();
  const lines: string[] = [];
  const print = (line: string) => {
    lines.push(line);
    log(line);
  };
  const workspace = await step('making the workspace', () =>
    createWorkspace({
      ...options,
      classNames: settings.classNames,
      seedPerClass: settings.seedPerClass,
    }),
  );
  print(
    `workspace: ${workspace.truth.size} images uploaded, ${workspace.seedLabels} labeled by the annotator ` +
      `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  const loopId = await step('creating the loop', () => createLoop(workspace, settings));
  const seed = await step('training the first model', async () => {
    await waitForPhase(workspace.researcher, loopId, ['ready-to-prelabel'], settings.jobTimeoutMs);
    return modelFigures(workspace.researcher, loopId, 0);
  });
  const validationSize = settings.validationPerClass * settings.classNames.length;
  print(seedLine(seed, validationSize));
  const rounds: RoundFigures[] = [];
  for (let round = 1; round <= settings.rounds; round++) {
    const figures = await step(`round ${round}`, () =>
      runRound(workspace, loopId, round, settings.jobTimeoutMs),
    );
    print(roundLine(figures, rounds.at(-1) ?? seed));
    rounds.push(figures);
  }
  const { totals } = await step('reading the dashboard', async () =>
    unwrap(
      await workspace.researcher.GET('/api/loops/{id}/dashboard', {
        params: { path: { id: loopId } },
      }),
    ),
  );
  for (const line of summaryLines({
    seed,
    rounds,
    totals,
    images: workspace.truth.size,
    seconds: (performance.now() - started) / 1000,
  }))
    print(line);
  return { rounds, lines };
}
