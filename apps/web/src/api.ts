import { useCallback, useEffect, useState } from 'react';
import {
  ApiError,
  createMedlabelClient,
  NetworkError,
  unwrap,
  type operations,
  type Schemas,
} from '@medlabel/api-client';

/** The one API client of the web app (same origin, cookie session). */
export const api = createMedlabelClient();

export { unwrap };

export type User = Schemas['User'];
export type AutoAssignment = Schemas['AutoAssignment'];
export type Collection = Schemas['Collection'];
export type CollectionItem = Schemas['CollectionItem'];
export type Template = Schemas['Template'];
export type Annotation = Schemas['Annotation'];
export type Image = Schemas['Image'];
export type Provenance = Annotation['provenance'];
export type Loop = Schemas['Loop'];
export type LoopPhase = Loop['phase'];
export type Job = Schemas['Job'];
export type CreateLoop = operations['createLoop']['requestBody']['content']['application/json'];

/** A readable message for any failure of an API call. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    // The messages name things as the template and the form do; pointers are for code only.
    const details = error.problem.errors?.map((e) => e.message).join('; ');
    return details ? `${error.message} (${details})` : error.message;
  }
  if (error instanceof NetworkError) return 'The server cannot be reached. Check your connection.';
  return error instanceof Error ? error.message : String(error);
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data with `load` whenever `deps` change; `reload` runs it again. Data loaded for other
 * deps counts as loading from the render where the deps change, not only once the effect has
 * run: effects of that same render must not act on the previous page's items as if current.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{
    data: T | undefined;
    error: unknown;
    loading: boolean;
    loadedBy?: () => Promise<T>;
  }>({ data: undefined, error: undefined, loading: true });
  const [generation, setGeneration] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (data) => !cancelled && setState({ data, error: undefined, loading: false, loadedBy: run }),
      (error: unknown) =>
        !cancelled && setState({ data: undefined, error, loading: false, loadedBy: run }),
    );
    return () => {
      cancelled = true;
    };
  }, [run, generation]);
  // Stable, so callbacks that reload something need not change on every render.
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return {
    data: state.data,
    error: state.error,
    loading: state.loading || state.loadedBy !== run,
    reload,
  };
}
