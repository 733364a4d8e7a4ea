/** Command-line parsing helpers shared by the commands. */

/** A mistake in the command line: reported with the usage text and exit code 2. */
export class UsageError extends Error {}

/** Parses a numeric option; undefined when absent, UsageError when malformed or out of range. */
export function numberOption(
  name: string,
  text: string | undefined,
  check: (v: number) => boolean = () => true,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value)) {
    throw new UsageError(`--${name}: invalid value ${text}`);
  }
  return value;
}

export const isCount = (v: number): boolean => Number.isInteger(v) && v >= 0;
export const isShare = (v: number): boolean => v >= 0 && v <= 1;

/** Comma-separated values, trimmed, empty items dropped. */
export function listOption(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
