/** One thing wrong with a document, located by a JSON pointer (RFC 6901) into it. */
export interface Problem {
  path: string;
  message: string;
}

/** What every validator returns: the typed value when valid, else every problem found. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** Validators list at most this many problems, then one line saying that more were left out. */
export const MAX_PROBLEMS = 100;

/** Builds a JSON pointer from path segments, escaping `~` and `/` as RFC 6901 requires. */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

/** Keeps a huge broken document's answer short. */
export function capProblems(problems: Problem[]): Problem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [
    ...problems.slice(0, MAX_PROBLEMS),
    { path: '', message: 'further problems are not listed' },
  ];
}

export function result<T>(value: unknown, problems: Problem[]): ValidationResult<T> {
  return problems.length === 0
    ? { ok: true, value: value as T }
    : { ok: false, problems: capProblems(problems) };
}
