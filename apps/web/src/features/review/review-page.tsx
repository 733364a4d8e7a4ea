import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from '@medlabel/api-client';
import { describeTemplateUi } from '@medlabel/schema';
import { api, errorMessage, unwrap, useLoad, type Annotation, type Image } from '../../api.js';
import { LoadStatus } from '../../components/status.js';
import { Link } from '../../router.js';
import { useSession } from '../../session.js';
import { search } from '../search/search-api.js';

const PAGE_SIZE = 24;
const MAX_PREDICTIONS = 5000;

/** The model's annotations of a collection (its predictions), through the search API. */
async function predictions(collectionName: string): Promise<Annotation[]> {
  const found: Annotation[] = [];
  let after: number | undefined;
  const q = `type:annotation source:model collection:${JSON.stringify(collectionName)}`;
  while (found.length < MAX_PREDICTIONS) {
    const page = await search(q, after, 500);
    if (page.type !== 'annotation') break;
    found.push(...page.items);
    if (page.next === null) break;
    after = page.next;
  }
  return found;
}

/**
 * Review mode: images grouped by the label the model predicted. The reviewer confirms the shown
 * labels of a whole page at once and changes only the wrong ones (click a card, press its
 * number key, or pick from its menu). Each confirmation is saved as the reviewer's annotation.
 */
export function ReviewPage({ collectionId }: { collectionId: number }) {
  const { user } = useSession();
  const collection = useLoad(
    async () =>
      unwrap(await api.GET('/api/collections/{id}', { params: { path: { id: collectionId } } })),
    [collectionId],
  );
  const template = useLoad(async () => {
    if (!collection.data) return undefined;
    const { templateId, templateVersion } = collection.data;
    return unwrap(
      await api.GET('/api/templates/{id}/versions/{version}', {
        params: { path: { id: templateId, version: templateVersion } },
      }),
    );
  }, [collection.data]);
  const predicted = useLoad(
    async () => (collection.data ? predictions(collection.data.name) : []),
    [collection.data],
  );
  const ui = useMemo(
    () => (template.data ? describeTemplateUi(template.data.definition) : undefined),
    [template.data],
  );
  const labels = ui?.classification?.labels ?? [];

  const groups = useMemo(() => {
    const byLabel = new Map<string, Annotation[]>();
    for (const a of predicted.data ?? []) {
      const label = a.payload.labels[0] ?? '(none)';
      byLabel.set(label, [...(byLabel.get(label) ?? []), a]);
    }
    return byLabel;
  }, [predicted.data]);
  const [group, setGroup] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  const [choices, setChoices] = useState(new Map<number, string>());
  const [confirmed, setConfirmed] = useState(new Set<number>());
  const [selected, setSelected] = useState<number | null>(null);
  const [message, setMessage] = useState('');
  const [images, setImages] = useState(new Map<number, Image>());

  const current = group ?? [...groups.keys()][0] ?? null;
  const members = current ? (groups.get(current) ?? []) : [];
  const pageItems = members.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  const pageCount = Math.max(1, Math.ceil(members.length / PAGE_SIZE));

  useEffect(() => {
    const missing = pageItems.map((a) => a.imageId).filter((id) => !images.has(id));
    if (missing.length === 0) return;
    void Promise.all(
      missing.map(async (id) =>
        unwrap(await api.GET('/api/images/{id}', { params: { path: { id } } })),
      ),
    ).then((loaded) => setImages((m) => new Map([...m, ...loaded.map((i) => [i.id, i] as const)])));
  }, [pageItems, images]);

  const choose = useCallback(
    (imageId: number, label: string) => setChoices((m) => new Map(m).set(imageId, label)),
    [],
  );

  /** Saves the reviewer's label for one image, on top of an earlier review if there is one. */
  const saveOne = async (imageId: number, label: string) => {
    const body = {
      payload: { labels: [label], shapes: [], values: {} },
      status: 'submitted' as const,
    };
    const path = { collectionId, imageId };
    try {
      unwrap(
        await api.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
          params: { path },
          body,
        }),
      );
    } catch (error) {
      if (!(error instanceof ApiError && error.isConflict)) throw error;
      const list = unwrap(
        await api.GET('/api/collections/{collectionId}/images/{imageId}/annotations', {
          params: { path },
        }),
      );
      const mine = list.find((a) => a.source === 'human' && a.annotatorId === user.id);
      if (!mine) throw error;
      unwrap(
        await api.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
          params: { path },
          body: { ...body, baseVersion: mine.version },
        }),
      );
    }
  };

  const confirmPage = async () => {
    setMessage('Saving…');
    try {
      for (const a of pageItems)
        await saveOne(a.imageId, choices.get(a.imageId) ?? a.payload.labels[0] ?? '');
      setConfirmed((s) => new Set([...s, ...pageItems.map((a) => a.imageId)]));
      setMessage(`Confirmed ${pageItems.length} image(s).`);
      if (page < pageCount - 1) setPage(page + 1);
    } catch (e) {
      setMessage(errorMessage(e));
    }
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement)
        return;
      if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement)) {
        event.preventDefault();
        void confirmPage();
        return;
      }
      const label = labels.find((l) => l.hotkey === event.key);
      if (label && selected !== null) choose(selected, label.name);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="page wide">
      <p>
        <Link href={`/collections/${collectionId}/annotate`}>← Workspace</Link>
      </p>
      <h1>Review: {collection.data?.name}</h1>
      <LoadStatus loaded={collection} />
      <LoadStatus loaded={predicted} />
      {predicted.data?.length === 0 && <p>No model predictions in this collection yet.</p>}
      <div className="row" role="tablist" aria-label="Predicted labels">
        {[...groups.entries()].map(([label, list]) => (
          <button
            key={label}
            type="button"
            role="tab"
            aria-selected={label === current}
            onClick={() => {
              setGroup(label);
              setPage(0);
            }}
          >
            {label} ({list.length})
          </button>
        ))}
      </div>
      {current && (
        <>
          <p className="muted">
            Predicted “{current}”: page {page + 1} of {pageCount}. Click an image and press a label
            key to change it; Enter confirms the page.
          </p>
          <ul className="review-grid" aria-label="Images to review">
            {pageItems.map((a) => {
              const image = images.get(a.imageId);
              const label = choices.get(a.imageId) ?? a.payload.labels[0] ?? '';
              const changed = label !== (a.payload.labels[0] ?? '');
              return (
                <li
                  key={a.id}
                  className={`review-card${selected === a.imageId ? ' selected' : ''}${confirmed.has(a.imageId) ? ' confirmed' : ''}${changed ? ' changed' : ''}`}
                  data-review-image={a.imageId}
                >
                  <button
                    type="button"
                    className="review-thumb"
                    aria-label={`Image ${a.imageId}, ${label}`}
                    onClick={() => setSelected(a.imageId)}
                  >
                    {image && <img src={image.url} alt="" />}
                  </button>
                  <select
                    aria-label={`Label of image ${a.imageId}`}
                    value={label}
                    onChange={(e) => choose(a.imageId, e.target.value)}
                  >
                    {labels.map((l) => (
                      <option key={l.name}>{l.name}</option>
                    ))}
                  </select>
                </li>
              );
            })}
          </ul>
          <div className="row">
            <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
              Previous page
            </button>
            <button type="button" className="primary" onClick={() => void confirmPage()}>
              Confirm all on this page <kbd>Enter</kbd>
            </button>
            <button
              type="button"
              disabled={page >= pageCount - 1}
              onClick={() => setPage(page + 1)}
            >
              Next page
            </button>
          </div>
          {message && <p role="status">{message}</p>}
        </>
      )}
    </div>
  );
}
