import createClient, { type Client } from 'openapi-fetch';
import { ApiError, NetworkError, toProblem } from './errors.js';
import type { paths } from './schema.js';

export const CSRF_HEADER = 'x-csrf-token';
const CSRF_COOKIE = 'medlabel_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type MedlabelClient = Client<paths>;

export interface ClientOptions {
  /** Origin of the server; empty in the browser (same origin). */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** Bearer API token for scripts; the browser uses the session cookie instead. */
  readonly token?: string;
}

/** The CSRF token the server set as a readable cookie at login (double-submit). */
function csrfFromCookie(): string | undefined {
  if (typeof document === 'undefined') return undefined;
  const match = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return match ? decodeURIComponent(match.slice(CSRF_COOKIE.length + 1)) : undefined;
}

/**
 * Whether the browser may hold a session: login sets the CSRF cookie beside the (unreadable)
 * session cookie, with the same lifetime, and logout clears both. Without it, asking the
 * server who is signed in can only answer 401.
 */
export function maybeSignedIn(): boolean {
  return csrfFromCookie() !== undefined;
}

/**
 * A typed client for the medlabel API (paths and bodies generated from /api/openapi.json).
 * Sends the CSRF header on state-changing requests, and throws `ApiError` with the problem
 * details for every error status and `NetworkError` when the server cannot be reached, so a
 * call either returns data or throws.
 */
export function createMedlabelClient(options: ClientOptions = {}): MedlabelClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? '',
    credentials: 'same-origin',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use({
    onRequest({ request }) {
      if (options.token) request.headers.set('authorization', `Bearer ${options.token}`);
      const csrf = csrfFromCookie();
      if (csrf && !SAFE_METHODS.has(request.method)) request.headers.set(CSRF_HEADER, csrf);
      return request;
    },
    async onResponse({ response }) {
      if (response.ok) return response;
      const body: unknown = await response
        .clone()
        .json()
        .catch(() => undefined);
      throw new ApiError(toProblem(body, response));
    },
    onError({ error }) {
      if (error instanceof ApiError) return error;
      return new NetworkError(error);
    },
  });
  return client;
}

/**
 * The data of a successful call. openapi-fetch returns `{ data, error }`; errors were already
 * thrown by the middleware, so this only narrows the type.
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined) throw new ApiError(toProblem(result.error, result.response));
  return result.data as T;
}
