import { useQuery } from '@tanstack/react-query';
import { Link } from '../../router.js';
import { PHASE_TEXT } from './loop-phase.js';
import { loopsQuery } from './loops-api.js';

/** The labeling loops running on a collection, for its page. */
export function CollectionLoops({ collectionId }: { collectionId: number }) {
  const loops = useQuery(loopsQuery());
  const mine = loops.data?.filter((l) => l.collectionId === collectionId) ?? [];
  if (mine.length === 0) return null;
  return (
    <ul className="collection-loops" aria-label="Labeling loops on this collection">
      {mine.map((loop) => (
        <li key={loop.id}>
          Labeling loop <Link href={`/loops/${loop.id}`}>{loop.name}</Link>{' '}
          <span className="muted">{PHASE_TEXT[loop.phase]}</span>
        </li>
      ))}
    </ul>
  );
}
