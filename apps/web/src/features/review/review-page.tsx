import { useEffect, useMemo, useState } from 'react';
import { describeTemplateUi } from '@medlabel/schema';
import { api, errorMessage, unwrap, useLoad, type CollectionItem } from '../../api.js';
import { LoadStatus } from '../../components/status.js';
import { Link } from '../../router.js';
import { thumbnailUrl } from '../workspace/image-info.js';
import { useCollectionTemplate } from '../workspace/use-collection-template.js';

const PAGE_SIZE = 24;

/**
 * Review mode: the images of a collection grouped by the label the model predicted. The
 * reviewer confirms the shown labels of a whole page at once and changes only the wrong ones
 * (click a card and press the label's key, or pick from its menu). Each confirmation is saved as
 * the reviewer's own annotation; this is how the labeling loop's hard cases are reviewed.
 */
export function ReviewPage({ collectionId }: { collectionId: number }) {
  const { collection, template } = useCollectionTemplate(collectionId);
  const ui = useMemo(
    () => (template.data ? describeTemplateUi(template.data.definition) : undefined),
    [template.data],
  );
  const labels = useMemo(() => ui?.classification?.labels ?? [], [ui]);

  const [group, setGroup] = useState<string | null>(null);
  /** Cursors of the pages visited in this group; the last one is on screen. */
  const [cursors, setCursors] = useState<number[]>([0]);
  const [choices, setChoices] = useState(new Map<number, string>());
  const [selected, setSelected] = useState<number | null>(null);
  const [message, setMessage] = useState('');
  const current = group ?? labels[0]?.name ?? null;
  const after = cursors[cursors.length - 1]!;

  const page = useLoad(async () => {
    if (!current) return { items: [] as CollectionItem[], next: null };
    return unwrap(
      await api.GET('/api/collections/{id}/images', {
        params: {
          path: { id: collectionId },
          query: { predicted: current, after, limit: PAGE_SIZE },
        },
      }),
    );
  }, [collectionId, current, after]);
  const items = page.data?.items ?? [];

  const labelOf = (item: CollectionItem) =>
    choices.get(item.image.id) ?? item.predicted?.label ?? current ?? '';
  const choose = (imageId: number, label: string) =>
    setChoices((m) => new Map(m).set(imageId, label));

  const confirmPage = async () => {
    setMessage('Saving…');
    try {
      for (const item of items) {
        unwrap(
          await api.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
            params: { path: { collectionId, imageId: item.image.id } },
            body: {
              payload: { labels: [labelOf(item)], shapes: [], values: {} },
              status: 'submitted',
              ...(item.mine ? { baseVersion: item.mine.version } : {}),
            },
          }),
        );
      }
      setMessage(`Confirmed ${items.length} image(s).`);
      setChoices(new Map());
      if (page.data?.next != null) setCursors((c) => [...c, page.data!.next!]);
      else page.reload();
    } catch (e) {
      setMessage(errorMessage(e));
    }
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement)
        return;
      if (document.querySelector('dialog[open]')) return;
      // Enter confirms, also right after a click on a card; other buttons keep their own Enter.
      const onOtherButton =
        event.target instanceof HTMLButtonElement &&
        !event.target.classList.contains('review-thumb');
      if (event.key === 'Enter' && !onOtherButton) {
        event.preventDefault();
        void confirmPage();
        return;
      }
      const label = labels.find((l) => l.hotkey === event.key);
      if (label && selected !== null) {
        event.preventDefault();
        choose(selected, label.name);
      }
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
      <div className="row" role="tablist" aria-label="Predicted label">
        {labels.map((label) => (
          <button
            key={label.name}
            type="button"
            role="tab"
            aria-selected={label.name === current}
            onClick={() => {
              setGroup(label.name);
              setCursors([0]);
              setChoices(new Map());
            }}
          >
            {label.name}
          </button>
        ))}
      </div>
      <LoadStatus loaded={page} />
      {current && page.data && (
        <>
          <p className="muted">
            Predicted “{current}”, page {cursors.length}. Click an image and press a label key (or
            use its menu) to change it; Enter confirms the whole page.
          </p>
          {items.length === 0 && <p>No image of this collection has this predicted label.</p>}
          <ul className="review-grid" aria-label="Images to review">
            {items.map((item) => {
              const label = labelOf(item);
              const changed = label !== item.predicted?.label;
              return (
                <li
                  key={item.image.id}
                  className={`review-card${selected === item.image.id ? ' selected' : ''}${item.mine?.status === 'submitted' ? ' confirmed' : ''}${changed ? ' changed' : ''}`}
                  data-review-image={item.image.id}
                >
                  <button
                    type="button"
                    className="review-thumb"
                    aria-label={`Image ${item.position}, shown as ${label}`}
                    onClick={() => setSelected(item.image.id)}
                  >
                    <img src={thumbnailUrl(item.image)} alt="" loading="lazy" />
                  </button>
                  <select
                    aria-label={`Label of image ${item.position}`}
                    value={label}
                    onChange={(e) => choose(item.image.id, e.target.value)}
                  >
                    {labels.map((l) => (
                      <option key={l.name}>{l.name}</option>
                    ))}
                  </select>
                  {item.predicted?.confidence != null && (
                    <span className="muted">
                      model {Math.round(item.predicted.confidence * 100)}%
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
          <div className="row">
            <button
              type="button"
              disabled={cursors.length === 1}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Previous page
            </button>
            <button
              type="button"
              className="primary"
              onClick={() => void confirmPage()}
              disabled={items.length === 0}
            >
              Confirm all on this page <kbd>Enter</kbd>
            </button>
            <button
              type="button"
              disabled={page.data.next === null}
              onClick={() => setCursors((c) => [...c, page.data!.next!])}
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
