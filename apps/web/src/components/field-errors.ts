import { ApiError } from '@medlabel/api-client';

/** A problem's field error: where in the request (a JSON pointer) and what is wrong. */
export interface FieldError {
  readonly pointer: string;
  readonly message: string;
}

/** The field errors of a failed call (problem+json `errors`); none for other failures. */
export function fieldErrors(error: unknown): readonly FieldError[] {
  return error instanceof ApiError ? (error.problem.errors ?? []) : [];
}

/** Whether `pointer` is `at` or lies below it (`/body/features/size` is under `/body/features`). */
export function isUnder(pointer: string, at: string): boolean {
  return pointer === at || pointer.startsWith(`${at}/`);
}

/** The messages of the errors at or below any of `pointers`. */
export function messagesAt(errors: readonly FieldError[], ...pointers: string[]): string[] {
  return errors.filter((e) => pointers.some((p) => isUnder(e.pointer, p))).map((e) => e.message);
}
