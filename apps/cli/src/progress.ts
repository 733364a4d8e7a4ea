/** A one-line progress bar on stderr, drawn only when stderr is a terminal. */
export interface ProgressBar {
  update(fraction: number, label: string): void;
  /** Erases the bar so a normal line can be printed. */
  clear(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr, width = 30): ProgressBar {
  if (!stream.isTTY) return { update: () => undefined, clear: () => undefined };
  let shown = false;
  return {
    update(fraction, label) {
      const done = Math.round(Math.min(1, Math.max(0, fraction)) * width);
      stream.write(
        `\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${label}\x1b[K`,
      );
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
