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
