import { Type, type Static } from '@sinclair/typebox';

/** One field-level problem: where (a JSON pointer into the request) and what. */
export const FieldError = Type.Object({ pointer: Type.String(), message: Type.String() });

/**
 * Field errors one problem lists; it counts the rest in its detail, so a request with thousands
 * of bad items is told what is wrong without an answer of megabytes.
 */
export const MAX_FIELD_ERRORS = 50;

/** RFC 9457 problem details, the body of every error response. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(FieldError, { maxItems: MAX_FIELD_ERRORS })),
  },
  { $id: 'Problem' },
);
export type Problem = Static<typeof Problem>;

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** An error a service throws on purpose; the error handler turns it into a problem response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    detail: string,
    readonly errors?: { pointer: string; message: string }[],
    /** response headers that belong to the problem, such as Retry-After */
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.name = 'HttpError';
  }

  toProblem(): Problem {
    return problem(this.status, this.slug, this.message, this.errors);
  }
}

/** Builds a problem body; `slug` names the kind of problem in the `type` URI. */
export function problem(
  status: number,
  slug: string,
  detail?: string,
  errors?: { pointer: string; message: string }[],
): Problem {
  const unlisted = (errors?.length ?? 0) - MAX_FIELD_ERRORS;
  const counted =
    unlisted > 0
      ? [detail, `The first ${MAX_FIELD_ERRORS} of ${errors!.length} problems are listed.`]
          .filter((part) => part !== undefined)
          .join(' ')
      : detail;
  return {
    type: `https://medlabel.dev/problems/${slug}`,
    title: titles[status] ?? 'Error',
    status,
    ...(counted === undefined ? {} : { detail: counted }),
    ...(errors === undefined ? {} : { errors: errors.slice(0, MAX_FIELD_ERRORS) }),
  };
}

export const badRequest = (detail: string, errors?: { pointer: string; message: string }[]) =>
  new HttpError(400, 'bad-request', detail, errors);
export const unauthorized = (detail = 'Sign in first.') =>
  new HttpError(401, 'unauthorized', detail);
export const forbidden = (detail = 'You may not do this.') =>
  new HttpError(403, 'forbidden', detail);
export const notFound = (what: string) => new HttpError(404, 'not-found', `${what} not found.`);
export const conflict = (detail: string) => new HttpError(409, 'conflict', detail);
export const invalid = (detail: string, errors?: { pointer: string; message: string }[]) =>
  new HttpError(422, 'validation', detail, errors);
/** Refused for now: the caller may retry after `seconds` (sent in Retry-After). */
export const tooManyRequests = (detail: string, seconds: number) =>
  new HttpError(429, 'too-many-requests', detail, undefined, {
    'retry-after': String(Math.max(1, Math.ceil(seconds))),
  });
