import { useEffect, useMemo, useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { describeTemplateUi } from '@medlabel/schema';
import { api, errorMessage, unwrap, type Annotation, type CollectionItem } from '../../api.js';
import { annotationQuery, collectionImagesQuery, recordSaved } from '../../queries.js';
import { ProvenanceBadge } from '../../components/provenance.js';
import { LoadStatus } from '../../components/status.js';
import { Link } from '../../router.js';
import { moveInGrid } from '../workspace/grid-navigation.js';
import { thumbnailUrl } from '../workspace/image-info.js';
import { useCollectionTemplate } from '../workspace/use-collection-template.js';
import { ARROWS } from '../workspace/workspace-keys.js';
import { ReviewClock } from './review-clock.js';
import { reviewSave } from './review-save.js';
import { BackLink } from '../../components/back-link.js';

const PAGE_SIZE = 24;

/**
 * Review mode: the images of a collection grouped by the label the model predicted. The
 * reviewer confirms the shown labels of a whole page at once and changes only the wrong ones
 * (select a card by click or arrow keys and press the label's key, or pick from its menu). Each
 * confirmation is saved as the reviewer's own annotation with the time spent on the image (see
 * ReviewClock); this is how the labeling loop's hard cases are reviewed. A loop's review
 * collection opens on its predicted label.
 */
export function ReviewPage({ collectionId }: { collectionId: number }) {
  const { collection, template } = useCollectionTemplate(collectionId);
  const ui = useMemo(
    () => (template.data ? describeTemplateUi(template.data.definition) : undefined),
    [template.data],
  );
  const labels = useMemo(() => ui?.classification?.labels ?? [], [ui]);
  /** What a submitted annotation needs besides the label, by the template's names. */
  const beyondLabel = [
    ...(ui?.tools ?? []).filter((t) => t.required).map((t) => t.title),
    ...(ui?.fields ?? []).filter((f) => f.required).map((f) => f.title),
  ];

  const [group, setGroup] = useState<string | null>(null);
  const [clock] = useState(() => new ReviewClock());
  const queries = useQueryClient();
  const grid = useRef<HTMLUListElement>(null);
  /** Cursors of the pages visited in this group; the last one is on screen. */
  const [cursors, setCursors] = useState<number[]>([0]);
  const [choices, setChoices] = useState(new Map<number, string>());
  const [selection, setSelection] = useState<{ page: string; imageId: number } | null>(null);
  const [message, setMessage] = useState('');
  const predictedLabel = collection.data?.metadata.predictedLabel;
  const current =
    group ??
    labels.find((l) => l.name === predictedLabel)?.name ??
    (collection.data ? (labels[0]?.name ?? null) : null);
  const after = cursors[cursors.length - 1]!;

  const page = useQuery(
    collectionImagesQuery(
      collectionId,
      current === null ? null : { predicted: current, after, limit: PAGE_SIZE },
    ),
  );
  // The hardest cases first: the model's least confident predictions lead each page.
  const items = useMemo(
    () =>
      [...(page.data?.items ?? [])].sort(
        (a, b) => (a.predicted?.confidence ?? 1) - (b.predicted?.confidence ?? 1),
      ),
    [page.data],
  );

  // A page on screen starts its clock; the selection stays on its page.
  const shownPage = page.isSuccess ? `${current}:${after}` : null;
  useEffect(() => {
    if (shownPage !== null) clock.startPage();
  }, [clock, shownPage]);
  const selected = selection?.page === shownPage ? selection.imageId : null;

  const labelOf = (item: CollectionItem) =>
    choices.get(item.image.id) ?? item.mine?.label ?? item.predicted?.label ?? current ?? '';
  const select = (imageId: number) => {
    clock.select(imageId);
    if (shownPage !== null) setSelection({ page: shownPage, imageId });
  };
  const choose = (imageId: number, label: string) => {
    clock.changed(imageId);
    setChoices((m) => new Map(m).set(imageId, label));
  };
  /** Arrow keys move the selection through the cards as they are laid out. */
  const move = (key: string) => {
    const direction = ARROWS[key];
    if (!direction || items.length === 0) return false;
    const index = items.findIndex((i) => i.image.id === selected);
    const columns = grid.current
      ? getComputedStyle(grid.current).gridTemplateColumns.split(' ').length
      : 1;
    const target =
      index < 0
        ? { index: 0 }
        : moveInGrid({ page: 0, index }, direction, {
            pageSize: items.length,
            columns,
            total: items.length,
          });
    const item = target && items[target.index];
    if (item) {
      select(item.image.id);
      grid.current
        ?.querySelector<HTMLButtonElement>(`[data-review-image="${item.image.id}"] .review-thumb`)
        ?.focus();
    }
    return true;
  };

  const confirmPage = async () => {
    const definition = template.data?.definition;
    if (!definition) return;
    setMessage('Saving…');
    const times = clock.times(items.map((i) => i.image.id));
    const drafts = new Set<string>();
    let kept = 0;
    const saved: Annotation[] = [];
    let failure: unknown;
    try {
      for (const item of items) {
        const own = item.mine
          ? (await queries.fetchQuery(annotationQuery(item.mine.id))).payload
          : undefined;
        const save = reviewSave(definition, item.image, labelOf(item), own);
        if (save.status === 'draft') kept++;
        save.missing.forEach((m) => drafts.add(m));
        saved.push(
          unwrap(
            await api.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
              params: { path: { collectionId, imageId: item.image.id } },
              body: {
                payload: save.payload,
                status: save.status,
                timeSpentMs: times.get(item.image.id)!,
                ...(item.mine ? { baseVersion: item.mine.version } : {}),
              },
            }),
          ),
        );
      }
    } catch (e) {
      failure = e;
    }
    // The cards show what was saved all at once, also those saved before a failure.
    await Promise.all(saved.map((annotation) => recordSaved(queries, annotation)));
    if (failure !== undefined) return setMessage(errorMessage(failure));
    setMessage(
      `Confirmed ${items.length} image(s).` +
        (kept > 0
          ? ` ${kept} kept as draft(s), to finish in the workspace: ${[...drafts].join('; ')}.`
          : ''),
    );
    setChoices(new Map());
    if (page.data?.next != null) setCursors((c) => [...c, page.data!.next!]);
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
      if (move(event.key)) {
        event.preventDefault();
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
      <BackLink href={`/collections/${collectionId}/annotate`}>Workspace</BackLink>
      <h1>Review: {collection.data?.name}</h1>
      <LoadStatus query={collection} />
      {ui && !ui.classification && (
        <p role="status">
          The template “{template.data?.definition.name}” has no image-level labels, so there is no
          predicted label to review by. Its images are reviewed by their drawings:{' '}
          <Link href={`/collections/${collectionId}/annotate`}>annotate them in the workspace</Link>
          .
        </p>
      )}
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
      {current && <LoadStatus query={page} />}
      {current && page.data && (
        <>
          <p className="muted">
            Predicted “{current}”, page {cursors.length}. Select an image (click or arrow keys) and
            press a label key (or use its menu) to change it; Enter confirms the whole page.
          </p>
          {beyondLabel.length > 0 && (
            <p data-testid="review-beyond-label">
              The template also requires {beyondLabel.join(', ')}: confirming here confirms the
              label only, and an image still missing them stays a draft to finish in the workspace.
            </p>
          )}
          {items.length === 0 && <p>No image of this collection has this predicted label.</p>}
          <ul className="review-grid" aria-label="Images to review" ref={grid}>
            {items.map((item) => {
              const label = labelOf(item);
              const changed = label !== item.predicted?.label;
              const provenance = item.mine?.provenance;
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
                    onClick={() => select(item.image.id)}
                  >
                    <img src={thumbnailUrl(item.image)} alt="" loading="lazy" />
                  </button>
                  <select
                    aria-label={`Label of image ${item.position}`}
                    value={label}
                    onFocus={() => select(item.image.id)}
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
                  {provenance && <ProvenanceBadge provenance={provenance} />}
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
              onClick={() => setCursors((c) => [...c, page.data.next!])}
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
