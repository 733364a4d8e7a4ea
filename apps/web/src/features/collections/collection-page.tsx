import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '@medlabel/api-client';
import { api, errorMessage, unwrap, type AutoAssignment } from '../../api.js';
import { assignmentsQuery, keys, usersQuery } from '../../queries.js';
import { ErrorText, LoadStatus } from '../../components/status.js';
import { Link } from '../../router.js';
import { CollectionLoops } from '../loops/collection-loops.js';
import { searchImageIds } from '../search/search-api.js';
import { SearchBox } from '../search/search-box.js';
import { useCollectionTemplate } from '../workspace/use-collection-template.js';
import { AutoAssignmentSummary } from './auto-assignment.js';
import { BackLink } from '../../components/back-link.js';

/** One collection for its owner: settings, images, annotators (by hand or automatic). */
export function CollectionPage({ collectionId }: { collectionId: number }) {
  const { collection, template } = useCollectionTemplate(collectionId);
  const queries = useQueryClient();
  if (!collection.data) {
    return (
      <div className="page">
        <LoadStatus query={collection} />
      </div>
    );
  }
  const c = collection.data;
  // Its images changed: its count, pages, progress and reports, and the list's count.
  const changed = () => void queries.invalidateQueries({ queryKey: keys.collections });
  return (
    <div className="page wide">
      <BackLink href="/collections">Collections</BackLink>
      <h1>{c.name}</h1>
      <p className="muted">
        {c.imageCount} images · {c.readersPerImage} reader(s) per image · template{' '}
        {template.data?.definition.name ?? `#${c.templateId}`} v{c.templateVersion}
      </p>
      <p className="row">
        <Link className="button" href={`/collections/${c.id}/report`}>
          Progress report
        </Link>
        <Link className="button" href={`/collections/${c.id}/agreement`}>
          Agreement
        </Link>
        <Link className="button" href={`/collections/${c.id}/annotate`}>
          Open workspace
        </Link>
        <Link className="button" href={`/collections/${c.id}/review`}>
          Review mode
        </Link>
        <Link className="button" href={`/loops/new?collection=${c.id}`}>
          New labeling loop
        </Link>
      </p>
      <CollectionLoops collectionId={c.id} />
      <div className="two-columns">
        <Assignments collectionId={c.id} />
        <div className="stack">
          <AddImages collectionId={c.id} onAdded={changed} />
          <RemoveImages collectionId={c.id} onRemoved={changed} />
        </div>
      </div>
    </div>
  );
}

function Assignments({ collectionId }: { collectionId: number }) {
  const assignments = useQuery(assignmentsQuery(collectionId));
  const annotators = useQuery({
    ...usersQuery(),
    select: (users) =>
      users.filter((u) => u.active && (u.role === 'annotator' || u.role === 'reviewer')),
  });
  const queries = useQueryClient();
  const [userId, setUserId] = useState<number | ''>('');
  const [kind, setKind] = useState<'annotate' | 'review'>('annotate');
  const [count, setCount] = useState(2);
  const [message, setMessage] = useState('');
  const [autoResult, setAutoResult] = useState<AutoAssignment>();
  const [error, setError] = useState<unknown>();

  const run = async (action: () => Promise<string>) => {
    setError(undefined);
    setAutoResult(undefined);
    try {
      setMessage(await action());
      void queries.invalidateQueries({ queryKey: assignmentsQuery(collectionId).queryKey });
    } catch (e) {
      setError(e);
    }
  };
  const assign = (event: FormEvent) => {
    event.preventDefault();
    if (userId === '') return;
    void run(async () => {
      unwrap(
        await api.PUT('/api/collections/{id}/assignments/{userId}', {
          params: { path: { id: collectionId, userId } },
          body: { kind },
        }),
      );
      return 'Assigned.';
    });
  };
  const auto = () =>
    run(async () => {
      setAutoResult(
        unwrap(
          await api.POST('/api/collections/{id}/assignments/auto', {
            params: { path: { id: collectionId } },
            body: { count },
          }),
        ),
      );
      return '';
    });
  const unassign = (id: number) =>
    run(async () => {
      unwrap(
        await api.DELETE('/api/collections/{id}/assignments/{userId}', {
          params: { path: { id: collectionId, userId: id } },
        }),
      );
      return 'Removed.';
    });

  return (
    <section className="card stack" aria-labelledby="assignments-title">
      <h2 id="assignments-title">Annotators</h2>
      <LoadStatus query={assignments} />
      <table aria-label="Assigned annotators">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Task</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {assignments.data?.map((a) => (
            <tr key={`${a.userId}-${a.kind}`} data-assigned-email={a.email}>
              <td>{a.name}</td>
              <td>{a.email}</td>
              <td>{a.kind}</td>
              <td>
                <button
                  type="button"
                  onClick={() => void unassign(a.userId)}
                  aria-label={`Remove ${a.email}`}
                >
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="row" onSubmit={assign}>
        <label>
          Reader
          <select
            className="user-select"
            value={userId}
            onChange={(e) => setUserId(e.target.value === '' ? '' : Number(e.target.value))}
          >
            <option value="">—</option>
            {annotators.data?.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email}){u.role === 'reviewer' ? ' — reviewer' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Task
          <select value={kind} onChange={(e) => setKind(e.target.value as 'annotate' | 'review')}>
            <option value="annotate">annotate</option>
            <option value="review">review</option>
          </select>
        </label>
        <button type="submit">Assign</button>
      </form>
      <div className="row">
        <label>
          Annotators to add automatically
          <input
            type="number"
            min={1}
            max={50}
            value={count}
            onChange={(e) => setCount(Number(e.target.value))}
          />
        </label>
        <button type="button" className="primary" onClick={() => void auto()}>
          Assign by expertise
        </button>
      </div>
      <p className="muted">
        Automatic assignment picks annotators whose expertise meets the template’s requirement,
        least loaded first.
      </p>
      <ErrorText error={error} />
      {message && <p role="status">{message}</p>}
      {autoResult && <AutoAssignmentSummary result={autoResult} />}
    </section>
  );
}

/** Image ids typed by hand, separated by commas or spaces. */
function parseIds(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
}

function AddImages({ collectionId, onAdded }: { collectionId: number; onAdded: () => void }) {
  const [query, setQuery] = useState('');
  const [ids, setIds] = useState('');
  const [message, setMessage] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const imageIds = [...parseIds(ids), ...(query.trim() ? await searchImageIds(query) : [])];
      unwrap(
        await api.POST('/api/collections/{id}/images', {
          params: { path: { id: collectionId } },
          body: { imageIds },
        }),
      );
      setMessage(`Added ${imageIds.length} image(s).`);
      onAdded();
    } catch (e) {
      setMessage(errorMessage(e));
    }
  };
  return (
    <form
      className="card stack"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="add-images-title"
    >
      <h2 id="add-images-title">Add images</h2>
      <SearchBox value={query} onChange={setQuery} label="From a search" preview />
      <label>
        By image ids (comma-separated)
        <input type="text" value={ids} onChange={(e) => setIds(e.target.value)} />
      </label>
      <button type="submit">Add to collection</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}

/**
 * Removes images by id. The server refuses (409) while readers' annotations of them exist in the
 * collection; the refusal says how many, and only a second, explicit click discards them.
 */
function RemoveImages({
  collectionId,
  onRemoved,
}: {
  collectionId: number;
  onRemoved: () => void;
}) {
  const [ids, setIds] = useState('');
  const [message, setMessage] = useState('');
  /** The server's refusal, while the user decides whether to discard the annotations. */
  const [refusal, setRefusal] = useState<string | null>(null);
  const remove = async (discardAnnotations: boolean) => {
    setRefusal(null);
    try {
      const removed = unwrap(
        await api.DELETE('/api/collections/{id}/images', {
          params: { path: { id: collectionId } },
          body: { imageIds: parseIds(ids), discardAnnotations },
        }),
      );
      setMessage(
        `Removed ${removed.removed} image(s)` +
          (removed.discardedAnnotations > 0
            ? ` and discarded ${removed.discardedAnnotations} annotation(s).`
            : '.'),
      );
      setIds('');
      onRemoved();
    } catch (e) {
      setMessage('');
      // The server's detail goes on to name the API flag; the button below stands for it here.
      if (e instanceof ApiError && e.isConflict) setRefusal(`${e.message.split(';')[0]}.`);
      else setMessage(errorMessage(e));
    }
  };
  return (
    <form
      className="card stack"
      onSubmit={(e) => {
        e.preventDefault();
        void remove(false);
      }}
      aria-labelledby="remove-images-title"
    >
      <h2 id="remove-images-title">Remove images</h2>
      <label>
        Image ids (comma-separated)
        <input
          type="text"
          value={ids}
          onChange={(e) => {
            setIds(e.target.value);
            setRefusal(null);
          }}
          required
        />
      </label>
      <button type="submit" className="danger">
        Remove from collection
      </button>
      {refusal && (
        <div role="alert" className="stack">
          <p>{refusal}</p>
          <button type="button" className="danger" onClick={() => void remove(true)}>
            Remove them and discard their annotations
          </button>
        </div>
      )}
      {message && <p role="status">{message}</p>}
    </form>
  );
}
