import { useEffect } from 'react';
import type { CollectionItem } from '../../api.js';

/** The slices of one series in a collection, in order, shown as one stack. */
export interface Stack {
  readonly items: readonly CollectionItem[];
  /** The slice on screen. */
  readonly index: number;
  /** Slices that carry annotations (mine or anyone's), marked on the bar. */
  readonly annotated: readonly boolean[];
  readonly onGo: (index: number) => void;
}

/** A series' slices in acquisition order: by Instance Number, else by collection position. */
export function sortSlices(items: readonly CollectionItem[]): CollectionItem[] {
  const number = (item: CollectionItem) => {
    const n = item.image.metadata.instanceNumber;
    return typeof n === 'number' ? n : Number.POSITIVE_INFINITY;
  };
  return [...items].sort((a, b) => number(a) - number(b) || a.position - b.position);
}

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && target.closest('input, textarea, select') !== null;

/** The slice a key moves the focused bar to, as a slider does; null for other keys. */
export function sliderTarget(key: string, index: number, last: number): number | null {
  switch (key) {
    case 'ArrowUp':
    case 'ArrowLeft':
      return Math.max(0, index - 1);
    case 'ArrowDown':
    case 'ArrowRight':
      return Math.min(last, index + 1);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

/**
 * A vertical bar beside the viewer: one tick per slice annotated, the slice on screen, and
 * PageUp/PageDown (or a click on the bar, or the arrows, Home and End while it has the focus)
 * to move through the stack; the viewer's wheel scrolls too.
 */
export function StackBar({ stack }: { stack: Stack }) {
  const { items, index, annotated, onGo } = stack;
  const last = items.length - 1;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      const step = event.key === 'PageDown' ? 1 : event.key === 'PageUp' ? -1 : 0;
      if (step === 0) return;
      event.preventDefault();
      onGo(Math.min(last, Math.max(0, index + step)));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [index, last, onGo]);
  const at = (i: number) => `${last === 0 ? 0 : (i / last) * 100}%`;
  return (
    <div className="stack-bar" data-testid="stack-bar">
      <output className="stack-position" aria-label="Slice" data-testid="slice">
        {index + 1} / {items.length}
      </output>
      <div
        className="stack-track"
        role="slider"
        aria-label="Slice in the series (PageUp/PageDown, or the wheel)"
        aria-valuemin={1}
        aria-valuemax={items.length}
        aria-valuenow={index + 1}
        tabIndex={0}
        onClick={(event) => {
          const rect = event.currentTarget.getBoundingClientRect();
          onGo(Math.round(((event.clientY - rect.top) / rect.height) * last));
        }}
        onKeyDown={(event) => {
          const target = sliderTarget(event.key, index, last);
          if (target === null) return;
          // The workspace's arrows move through the grid; on the focused bar they move slices.
          event.preventDefault();
          event.stopPropagation();
          onGo(target);
        }}
      >
        {annotated.map((marked, i) =>
          marked ? (
            <span
              key={items[i]!.image.id}
              className="stack-mark"
              data-slice={i + 1}
              style={{ top: at(i) }}
              title={`Slice ${i + 1} is annotated`}
            />
          ) : null,
        )}
        <span className="stack-thumb" style={{ top: at(index) }} />
      </div>
    </div>
  );
}
