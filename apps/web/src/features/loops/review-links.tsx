import type { LoopRound } from './loops-api.js';
import { Link } from '../../router.js';

type ReviewCollection = NonNullable<LoopRound['batch']>['collections'][number];

/** A round's review collections, one per predicted label, each with its review progress. */
export function ReviewLinks({ collections }: { collections: readonly ReviewCollection[] }) {
  if (collections.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="review-links">
      {collections.map((c) => (
        <li key={c.id}>
          <Link href={`/collections/${c.id}/review`} data-review-collection={c.id}>
            Predicted {c.label}
          </Link>{' '}
          <span className="muted">
            {c.doneCount} of {c.imageCount} done
          </span>
        </li>
      ))}
    </ul>
  );
}
