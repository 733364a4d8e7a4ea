/** RFC 9457 problem details, as every error response of the server carries. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly { pointer: string; message: string }[];
}

/** A failed API call: the HTTP status and the server's problem details. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  /** A stale write: someone saved a newer version (optimistic concurrency). */
  get isConflict(): boolean {
    return this.problem.status === 409;
  }
}

/** The request never reached the server (offline, DNS, refused): worth retrying later. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('The server could not be reached.', { cause });
    this.name = 'NetworkError';
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value && 'title' in value;
}

/** Turns an error body into a Problem, whatever the server or a proxy sent. */
export function toProblem(body: unknown, response: Response): Problem {
  if (isProblem(body)) return body;
  return { type: 'about:blank', title: response.statusText || 'Error', status: response.status };
}
