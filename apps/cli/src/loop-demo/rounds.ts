/**
 * One round of a labeling loop driven through the API, as its researcher and a reviewer would:
 * ask for the pre-labeling of the next batch, wait for the review collections, review every
 * case in them (the simulated reviewer answers with the true label), train the next model.
 */
import { unwrap, type MedlabelClient, type operations, type Schemas } from '@medlabel/api-client';
import type { Workspace } from './workspace.js';

type Loop = Schemas['Loop'];
type Dashboard = operations['getLoopDashboard']['responses'][200]['content']['application/json'];
export type Batch = NonNullable<Dashboard['rounds'][number]['batch']>;

/** Simulated review times, recorded with each answer: confirming is quicker than correcting. */
export const CONFIRM_MS = 3_000;
export const CORRECT_MS = 8_000;
const POLL_MS = 250;

/** What a model learned from and how it did. */
export interface ModelFigures {
  readonly round: number;
  /** people's labels in its training set (V excluded) */
  readonly humanLabels: number;
  readonly trainingSize: number;
  readonly validationAccuracy: number;
  readonly trainSeconds: number;
}

export interface RoundFigures {
  readonly round: number;
  readonly batch: Batch;
  /** the model trained after this round's review */
  readonly model: ModelFigures;
  /** from the pre-label request to the review collections being ready, seen by the client */
  readonly prelabelSeconds: number;
  /** the model's accepted labels in the loop's collection so far, and how many are wrong */
  readonly acceptedSoFar: { readonly count: number; readonly wrong: number };
}

/** Polls the loop until its phase is one of `phases`; a failed job or the deadline throws. */
export async function waitForPhase(
  client: MedlabelClient,
  loopId: number,
  phases: readonly Loop['phase'][],
  timeoutMs: number,
): Promise<Loop> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const loop = unwrap(await client.GET('/api/loops/{id}', { params: { path: { id: loopId } } }));
    if (phases.includes(loop.phase)) return loop;
    const job = loop.job;
    if (loop.phase === 'failed' || loop.phase === 'cancelled') {
      const what = loop.phase === 'failed' ? 'failed' : 'was cancelled';
      throw new Error(
        `the loop's ${job?.kind ?? ''} job ${what}: ${job?.error ?? 'no error given'}`,
      );
    }
    if (Date.now() > deadline) {
      throw new Error(
        `the loop was still ${loop.phase} after ${timeoutMs / 1000} s (job: ${JSON.stringify(job?.progress ?? {})})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export async function modelFigures(
  client: MedlabelClient,
  loopId: number,
  round: number,
): Promise<ModelFigures> {
  const models = unwrap(
    await client.GET('/api/loops/{id}/models', { params: { path: { id: loopId } } }),
  );
  const model = models.find((m) => m.round === round);
  if (!model) throw new Error(`the loop has no model of round ${round}`);
  return {
    round,
    humanLabels: model.trainingSet.bySource.human,
    trainingSize: model.trainingSet.size,
    validationAccuracy: model.metrics.validationAccuracy,
    trainSeconds: model.metrics.trainSeconds,
  };
}

async function batchOf(client: MedlabelClient, loopId: number, round: number): Promise<Batch> {
  const dashboard = unwrap(
    await client.GET('/api/loops/{id}/dashboard', { params: { path: { id: loopId } } }),
  );
  const batch = dashboard.rounds.find((r) => r.round === round)?.batch;
  if (!batch) throw new Error(`the dashboard shows no batch of round ${round}`);
  return batch;
}

/** The loop collection's model labels (the accepted predictions), checked against the truth. */
async function acceptedLabels(workspace: Workspace): Promise<RoundFigures['acceptedSoFar']> {
  const { researcher, collectionId, truth } = workspace;
  let count = 0;
  let wrong = 0;
  for (let after: number | null = 0; after !== null;) {
    const page: { items: Schemas['CollectionItem'][]; next: number | null } = unwrap(
      await researcher.GET('/api/collections/{id}/images', {
        params: { path: { id: collectionId }, query: { after, limit: 500 } },
      }),
    );
    for (const { image, predicted } of page.items) {
      if (!predicted) continue;
      count += 1;
      if (predicted.label !== truth.get(image.id)) wrong += 1;
    }
    after = page.next;
  }
  return { count, wrong };
}

/**
 * The reviewer works through each review collection's queue; a collection's label is the
 * model's prediction, so an answer that differs from it is a correction.
 */
async function review(workspace: Workspace, collections: Batch['collections']): Promise<void> {
  const { annotator, truth } = workspace;
  for (const collection of collections) {
    for (;;) {
      const { image } = unwrap(
        await annotator.GET('/api/collections/{id}/next', {
          params: { path: { id: collection.id } },
        }),
      );
      if (!image) break;
      const label = truth.get(image.id);
      if (label === undefined)
        throw new Error(
          `review collection ${collection.id} holds image ${image.id}, which the demo did not upload`,
        );
      unwrap(
        await annotator.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
          params: { path: { collectionId: collection.id, imageId: image.id } },
          body: {
            payload: { labels: [label], shapes: [], values: {} },
            status: 'submitted',
            timeSpentMs: label === collection.label ? CONFIRM_MS : CORRECT_MS,
          },
        }),
      );
    }
  }
}

export async function runRound(
  workspace: Workspace,
  loopId: number,
  round: number,
  jobTimeoutMs: number,
): Promise<RoundFigures> {
  const { researcher } = workspace;
  const path = { params: { path: { id: loopId } } };
  const asked = performance.now();
  unwrap(await researcher.POST('/api/loops/{id}/prelabel', path));
  const labeled = await waitForPhase(
    researcher,
    loopId,
    ['reviewing', 'ready-to-train', 'finished'],
    jobTimeoutMs,
  );
  if (labeled.phase === 'finished')
    throw new Error(`the collection has no unlabeled images left for round ${round}`);
  const prelabelSeconds = (performance.now() - asked) / 1000;
  await review(workspace, (await batchOf(researcher, loopId, round)).collections);
  unwrap(await researcher.POST('/api/loops/{id}/train', path));
  await waitForPhase(researcher, loopId, ['ready-to-prelabel'], jobTimeoutMs);
  return {
    round,
    // Read again after the review: confirmations, corrections and audits are counted now.
    batch: await batchOf(researcher, loopId, round),
    model: await modelFigures(researcher, loopId, round),
    prelabelSeconds,
    acceptedSoFar: await acceptedLabels(workspace),
  };
}
