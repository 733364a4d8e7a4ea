/** The most time one save may report (the server's limit: a day). */
const MAX_MS = 86_400_000;

/**
 * Time spent per image in review mode. A page's time, from when it is shown to when it is
 * confirmed, is shared among its cards; the time spent changing a card (from its selection to
 * its last change) is that card's own. The times of a page add up to the page's time.
 */
export class ReviewClock {
  private shownAt: number;
  private selected: { imageId: number; at: number } | null = null;
  private readonly changing = new Map<number, number>();

  constructor(private readonly now: () => number = Date.now) {
    this.shownAt = now();
  }

  /** A new page is on screen: its time starts now. */
  startPage(): void {
    this.shownAt = this.now();
    this.selected = null;
    this.changing.clear();
  }

  select(imageId: number): void {
    if (this.selected?.imageId !== imageId) this.selected = { imageId, at: this.now() };
  }

  /** The label of a card changed: the time since it was selected is its own. */
  changed(imageId: number): void {
    if (this.selected?.imageId === imageId)
      this.changing.set(imageId, this.now() - this.selected.at);
  }

  /** Each card's time in ms if the page is confirmed now: at least 1 ms each. */
  times(imageIds: readonly number[]): Map<number, number> {
    const own = imageIds.map((id) => this.changing.get(id) ?? 0);
    const page = this.now() - this.shownAt;
    const shared = Math.max(0, page - own.reduce((a, b) => a + b, 0)) / imageIds.length;
    return new Map(
      imageIds.map((id, i) => [id, Math.min(MAX_MS, Math.max(1, Math.round(shared + own[i]!)))]),
    );
  }
}
