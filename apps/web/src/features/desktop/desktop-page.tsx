import { useQuery } from '@tanstack/react-query';
import { LoadStatus } from '../../components/status.js';
import { Link } from '../../router.js';
import { useSession } from '../../session.js';
import { collectionsQuery, progressQuery } from '../../queries.js';
import type { Collection } from '../../api.js';

/** The task desktop: the collections assigned to me, with my progress in each. */
export function DesktopPage() {
  const { user } = useSession();
  const collections = useQuery(collectionsQuery());
  return (
    <div className="page">
      <h1>My tasks</h1>
      <p className="muted">Signed in as {user.email}. Open a collection to start labeling.</p>
      <LoadStatus query={collections} />
      {collections.data?.length === 0 && <p>No collection is assigned to you yet.</p>}
      <ul className="task-list">
        {collections.data?.map((c) => (
          <TaskCard key={c.id} collection={c} />
        ))}
      </ul>
    </div>
  );
}

function TaskCard({ collection }: { collection: Collection }) {
  const progress = useQuery(progressQuery(collection.id));
  const mine = progress.data?.mine ?? 0;
  const total = progress.data?.total ?? collection.imageCount;
  return (
    <li className="card task" data-collection-id={collection.id}>
      <h2>
        <Link href={`/collections/${collection.id}/annotate`}>{collection.name}</Link>
      </h2>
      {collection.description && <p>{collection.description}</p>}
      <p className="muted">
        {total} images · {collection.readersPerImage} reader(s) per image
      </p>
      <progress
        max={Math.max(1, total)}
        value={mine}
        aria-label={`${collection.name}: ${mine} of ${total} annotated by me`}
      />
      <p data-testid="task-progress">
        {mine} of {total} annotated by me
      </p>
      <div className="actions">
        <Link className="button primary" href={`/collections/${collection.id}/annotate`}>
          Annotate
        </Link>
        <Link className="button" href={`/collections/${collection.id}/review`}>
          Review
        </Link>
      </div>
    </li>
  );
}
