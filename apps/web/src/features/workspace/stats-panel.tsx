export interface Progress {
  readonly total: number;
  /** Images the caller has submitted. */
  readonly mine: number;
  /** Images done by the wanted number of readers. */
  readonly done: number;
}

/** Counts for the collection and the caller, with a progress bar. */
export function StatsPanel({ progress }: { progress: Progress | undefined }) {
  if (!progress) return null;
  const share = progress.total === 0 ? 0 : progress.mine / progress.total;
  return (
    <section className="stats" aria-label="Statistics">
      <dl>
        <div>
          <dt>Images</dt>
          <dd data-testid="stat-total">{progress.total}</dd>
        </div>
        <div>
          <dt>Annotated by me</dt>
          <dd data-testid="stat-mine">{progress.mine}</dd>
        </div>
        <div>
          <dt>Done (all readers)</dt>
          <dd data-testid="stat-done">{progress.done}</dd>
        </div>
      </dl>
      <progress max={1} value={share} aria-label={`My progress: ${Math.round(share * 100)}%`} />
    </section>
  );
}
