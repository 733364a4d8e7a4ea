import type { StackView } from './annotation-pane.js';

/**
 * The camera and window of the last slice shown of a stack, so the next slice of the same
 * series opens alike: kept outside React's state, as it changes with every pan and zoom.
 */
export class StackViews {
  private last: { series: string; shown: NonNullable<StackView['shown']> } | null = null;

  /** The view a slice of `series` opens with: the last one shown of it, if any. */
  view(series: string): StackView {
    return {
      shown: this.last?.series === series ? this.last.shown : null,
      remember: (shown) => {
        this.last = { series, shown };
      },
    };
  }
}
