import type { CollectionItem } from '../../api.js';
import { thumbnailUrl } from './image-info.js';
import { BurnedInBadge } from '../images/burned-in-badge.js';
import { gridStatus, STATUS_TEXT, type GridStatus } from './grid-status.js';

export interface ImageGridProps {
  readonly items: readonly CollectionItem[];
  readonly selectedId: number | null;
  readonly columns: number;
  readonly onSelect: (imageId: number) => void;
}

/**
 * Thumbnails of one page; the frame shows the status at a glance: green annotated, red not yet
 * (dashed when a draft is saved), blue the selected image. Where the template shows a series as
 * one item, its thumbnail (the first slice) says how many slices open with it.
 */
export function ImageGrid({ items, selectedId, columns, onSelect }: ImageGridProps) {
  return (
    <ul
      className="image-grid"
      style={{ gridTemplateColumns: `repeat(${columns}, 1fr)` }}
      aria-label="Images of this page"
    >
      {items.map((item) => {
        const status = gridStatus(item.mine);
        const selected = item.image.id === selectedId;
        // Where the template shows a series as one item; one slice is just an image.
        const slices = item.seriesSlices ?? 1;
        return (
          <li key={item.image.id}>
            <button
              type="button"
              className={`thumb status-${status}${selected ? ' selected' : ''}`}
              data-image-id={item.image.id}
              data-status={status}
              aria-pressed={selected}
              aria-label={`Image ${item.position}${slices > 1 ? `, a series of ${slices} slices` : ''}: ${STATUS_TEXT[status]}`}
              onClick={() => onSelect(item.image.id)}
            >
              <img
                src={thumbnailUrl(item.image)}
                alt=""
                loading="lazy"
                decoding="async"
                draggable={false}
              />
              <span className="thumb-number">{item.position}</span>
              {slices > 1 ? (
                <span className="thumb-series" data-series-slices={slices}>
                  {slices} slices
                </span>
              ) : null}
              <BurnedInBadge image={item.image} compact />
            </button>
          </li>
        );
      })}
    </ul>
  );
}

const LEGEND: readonly [className: string, text: string][] = [
  ...(['annotated', 'draft', 'todo'] as const satisfies readonly GridStatus[]).map(
    (status): [string, string] => [`status-${status}`, STATUS_TEXT[status]],
  ),
  ['selected', 'selected'],
];

/** What the grid's frame colours and styles mean, drawn with the same rules as the frames. */
export function GridLegend() {
  return (
    <ul className="grid-legend" aria-label="Frame colours">
      {LEGEND.map(([className, text]) => (
        <li key={className} data-legend={className}>
          <span className={`legend-swatch ${className}`} aria-hidden="true" />
          {text}
        </li>
      ))}
    </ul>
  );
}
