import { queryOptions } from '@tanstack/react-query';
import { api, unwrap, type Loop } from '../../api.js';
import { keys } from '../../queries.js';
import { pollInterval } from './loop-phase.js';

/** GET /api/loops/{id}: the loop, its phase and its active (else latest) job. */
const loadLoop = async (id: number) =>
  unwrap(await api.GET('/api/loops/{id}', { params: { path: { id } } }));

/** GET /api/loops/{id}/dashboard: each round's figures and the loop's totals. */
const loadDashboard = async (id: number) =>
  unwrap(await api.GET('/api/loops/{id}/dashboard', { params: { path: { id } } }));

/** GET /api/loops/{id}/models: every model version with its metrics and calibration. */
const loadModels = async (id: number) =>
  unwrap(await api.GET('/api/loops/{id}/models', { params: { path: { id } } }));

export type LoopDashboard = Awaited<ReturnType<typeof loadDashboard>>;
export type LoopRound = LoopDashboard['rounds'][number];
/** A model version as the client reads it (its training labels as plain arrays). */
export type LoopModel = Awaited<ReturnType<typeof loadModels>>[number];

/** The labeling loops of the collections I manage. */
export const loopsQuery = () =>
  queryOptions({
    queryKey: [...keys.loops, 'list'],
    queryFn: async () => unwrap(await api.GET('/api/loops')),
  });

/**
 * A loop, asked for again `pollInterval` after each answer while it has news to give (a job's
 * progress, people's reviews); one request at a time.
 */
export const loopQuery = (id: number) =>
  queryOptions({
    queryKey: keys.loop(id),
    queryFn: () => loadLoop(id),
    refetchInterval: (query) => (query.state.data && pollInterval(query.state.data)) ?? false,
  });

/**
 * The dashboard of a loop as it stands: read again when the loop's phase or rounds move (not
 * at every progress tick of a job) and, while people review, as often as the loop.
 */
export const dashboardQuery = (loop: Loop) =>
  queryOptions({
    queryKey: [
      ...keys.loop(loop.id),
      'dashboard',
      { phase: loop.phase, modelRound: loop.modelRound, batchRound: loop.batchRound },
    ],
    queryFn: () => loadDashboard(loop.id),
    refetchInterval: loop.phase === 'reviewing' ? (pollInterval(loop) ?? false) : false,
  });

/** The model versions of a loop; they change only when a training ends (a new model round). */
export const modelsQuery = (loop: Loop) =>
  queryOptions({
    queryKey: [...keys.loop(loop.id), 'models', loop.modelRound],
    queryFn: () => loadModels(loop.id),
  });
