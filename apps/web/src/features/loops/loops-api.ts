import { api, unwrap } from '../../api.js';

/** GET /api/loops/{id}: the loop, its phase and its active (else latest) job. */
export const loadLoop = async (id: number) =>
  unwrap(await api.GET('/api/loops/{id}', { params: { path: { id } } }));

/** GET /api/loops/{id}/dashboard: each round's figures and the loop's totals. */
export const loadDashboard = async (id: number) =>
  unwrap(await api.GET('/api/loops/{id}/dashboard', { params: { path: { id } } }));

/** GET /api/loops/{id}/models: every model version with its metrics and calibration. */
export const loadModels = async (id: number) =>
  unwrap(await api.GET('/api/loops/{id}/models', { params: { path: { id } } }));

export type LoopDashboard = Awaited<ReturnType<typeof loadDashboard>>;
export type LoopRound = LoopDashboard['rounds'][number];
/** A model version as the client reads it (its training labels as plain arrays). */
export type LoopModel = Awaited<ReturnType<typeof loadModels>>[number];
