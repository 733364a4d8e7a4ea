import { notifyManager, QueryClient } from '@tanstack/react-query';
import { ApiError } from '@medlabel/api-client';

/** Tries of a failed read before its error shows (network failures and 5xx answers only). */
export const READ_TRIES = 3;

/**
 * Whether a failed read is worth trying again: a 4xx answer (not found, forbidden, an invalid
 * query) says the same on every try, so it shows at once; an unreachable server or a 5xx may
 * pass. Writes are never retried here: annotation saves go through the offline save queue.
 */
export function shouldRetryRead(failures: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status < 500) return false;
  return failures < READ_TRIES;
}

// A query's new data reaches React in a microtask, not in a later task queued behind the
// page's image loads and decodes (TanStack's default: setTimeout 0); see docs/benchmarks.md.
notifyManager.setScheduler(queueMicrotask);

/** The server-state cache of one signed-in session (a new one for each user). */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: shouldRetryRead } },
  });
}
