import { useCallback, useEffect, useMemo, useState } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { describeTemplateUi } from '@medlabel/schema';
import { api, unwrap, type Annotation } from '../../api.js';
import { LoadStatus } from '../../components/status.js';
import { useLatest } from '../../components/use-latest.js';
import {
  collectionImagesQuery,
  progressQuery,
  recordSaved,
  type ImagePage,
} from '../../queries.js';
import { Link, navigate, useLocation } from '../../router.js';
import { useSession } from '../../session.js';
import { FlushedProblem, type FlushProblem } from './flushed-problem.js';
import type { SaveOutcome } from './save-queue.js';
import { useCollectionTemplate } from './use-collection-template.js';
import { AnnotationPane, type StackView } from './annotation-pane.js';
import { sortSlices, type Stack } from './stack-bar.js';
import { moveInGrid } from './grid-navigation.js';
import { GridLegend, ImageGrid } from './image-grid.js';
import { StackViews } from './stack-views.js';
import { useFlushed, useUnsentCount } from './use-save-queue.js';
import { ShortcutsDialog } from './shortcuts-dialog.js';
import { StatsPanel } from './stats-panel.js';
import type { GridMove } from './workspace-keys.js';
import { BurnedInBadge } from '../images/burned-in-badge.js';

const PAGE_SIZES = [12, 24, 48, 96];
/** Slices of a series loaded as one stack (the most a collection page request returns). */
const STACK_LIMIT = 500;
const COLUMN_CHOICES = [2, 3, 4, 6];

/** The slices of a series in the order they are scrolled through. */
const sortedSlices = (page: ImagePage) => sortSlices(page.items);

function stored(key: string, fallback: number, allowed: number[]): number {
  const value = Number(localStorage.getItem(key));
  return allowed.includes(value) ? value : fallback;
}

/** The annotation workspace of one collection: grid, viewer, form and statistics. */
export function WorkspacePage({ collectionId }: { collectionId: number }) {
  const { search } = useLocation();
  const page = Math.max(0, Number(search.get('page') ?? 0) || 0);
  const selectedId = search.get('image') ? Number(search.get('image')) : null;
  const [pageSize, setPageSize] = useState(() => stored('medlabel.pageSize', 24, PAGE_SIZES));
  const [columns, setColumns] = useState(() => stored('medlabel.columns', 3, COLUMN_CHOICES));
  const [helpOpen, setHelpOpen] = useState(false);
  /** conflicts and refusals of queued saves of images that are not open, oldest first */
  const [flushProblems, setFlushProblems] = useState<FlushProblem[]>([]);

  const { collection, template } = useCollectionTemplate(collectionId);
  const queries = useQueryClient();
  const pageQuery = useCallback(
    (n: number) => collectionImagesQuery(collectionId, { offset: n * pageSize, limit: pageSize }),
    [collectionId, pageSize],
  );
  // The grid keeps the previous page on screen until the next one is there.
  const items = useQuery({ ...pageQuery(page), placeholderData: keepPreviousData });
  /** The page asked for is on screen (not still the previous one). */
  const pageShown = items.isSuccess && !items.isPlaceholderData;
  const progress = useQuery(progressQuery(collectionId));
  const { user, saves: queue } = useSession();
  const unsent = useUnsentCount(queue);
  const ui = useMemo(
    () => (template.data ? describeTemplateUi(template.data.definition) : undefined),
    [template.data],
  );

  // Where the template shows a series as one item, the pages hold fewer items than images.
  const total = collection.data?.itemCount ?? collection.data?.imageCount ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));

  // Fetch the neighbouring pages in the background so paging does not wait for the server.
  useEffect(() => {
    if (!pageShown) return;
    for (const n of [page + 1, page - 1]) {
      if (n >= 0 && n < pageCount) void queries.prefetchQuery(pageQuery(n));
    }
  }, [pageShown, page, pageCount, pageQuery, queries]);
  const pageItems = useMemo(() => items.data?.items ?? [], [items.data]);
  // The slices of the open image's series in this collection: a stack (most series fit in one
  // request; a longer one stacks its first STACK_LIMIT slices).
  const [seriesUid, setSeriesUid] = useState<string | null>(null);
  const series = useQuery({
    ...collectionImagesQuery(
      collectionId,
      seriesUid === null ? null : { series: seriesUid, limit: STACK_LIMIT },
    ),
    select: sortedSlices,
  });
  const slices = series.data ?? [];
  // Without an image in the URL (or a stale one) the page's first image is selected; a slice
  // scrolled to from the stack may lie on another page.
  const selected = pageShown
    ? (pageItems.find((i) => i.image.id === selectedId) ??
      slices.find((i) => i.image.id === selectedId) ??
      pageItems[0])
    : undefined;
  const selectedSeries = selected?.image.seriesUid ?? null;
  // The stack follows the open image's series (set while rendering: the slices found here
  // decide which image is open).
  if (selectedSeries !== seriesUid) setSeriesUid(selectedSeries);
  const [stackViews] = useState(() => new StackViews());

  const go = useCallback(
    (params: { page?: number; image?: number | null }) => {
      const next = new URLSearchParams(search);
      if (params.page !== undefined) next.set('page', String(params.page));
      if (params.image === null) next.delete('image');
      else if (params.image !== undefined) next.set('image', String(params.image));
      navigate(`/collections/${collectionId}/annotate?${next.toString()}`, { replace: true });
    },
    [collectionId, search],
  );

  /** Opens page `n` at its image `index` (the last one if the page is shorter) once it is there. */
  const openAt = useCallback(
    (n: number, index: number) =>
      queries.ensureQueryData(pageQuery(n)).then(
        ({ items }) =>
          go({ page: n, image: items[Math.min(index, items.length - 1)]?.image.id ?? null }),
        () => go({ page: n, image: null }),
      ),
    [queries, pageQuery, go],
  );

  const moveTo = useCallback(
    (move: GridMove) => {
      const index = pageItems.findIndex((i) => i.image.id === selected?.image.id);
      const target = moveInGrid({ page, index: Math.max(0, index) }, move, {
        pageSize,
        columns,
        total,
      });
      if (!target) return;
      if (target.page === page) {
        const item = pageItems[target.index];
        if (item) go({ image: item.image.id });
      } else {
        void openAt(target.page, target.index);
      }
    },
    [pageItems, selected, page, pageSize, columns, total, go, openAt],
  );

  // My saves show in the grid, the stack and the progress at once.
  const onSaved = useCallback(
    (annotation: Annotation) => void recordSaved(queries, annotation),
    [queries],
  );

  // Saves a background flush settled: the grid shows what was saved; a conflict or refusal of an
  // image that is not open is put to the user here (the open image's pane shows its own).
  const openImage = useLatest(selected?.image.id ?? null);
  useFlushed(
    queue,
    useCallback(
      (outcome: SaveOutcome) => {
        if (outcome.kind === 'saved') {
          onSaved(outcome.annotation);
        } else if (outcome.kind !== 'queued') {
          const { request } = outcome;
          const open =
            request.collectionId === collectionId && request.imageId === openImage.current;
          if (!open) setFlushProblems((problems) => [...problems, outcome]);
        }
      },
      [collectionId, onSaved, openImage],
    ),
  );

  const sliceIndex = slices.findIndex((i) => i.image.id === selected?.image.id);
  const stack: Stack | undefined =
    sliceIndex >= 0 && slices.length > 1
      ? {
          items: slices,
          index: sliceIndex,
          annotated: slices.map((i) => i.mine !== null || i.startedCount > 0),
          onGo: (index) => {
            const slice = slices[index];
            if (slice) go({ image: slice.image.id });
          },
        }
      : undefined;
  const view: StackView | undefined =
    stack && selectedSeries !== null ? stackViews.view(selectedSeries) : undefined;

  const goToPage = (next: number) =>
    go({ page: Math.min(pageCount - 1, Math.max(0, next)), image: null });
  const nextToAnnotate = async () => {
    const next = unwrap(
      await api.GET('/api/collections/{id}/next', { params: { path: { id: collectionId } } }),
    );
    if (!next.image) return;
    const onPage = pageItems.find((i) => i.image.id === next.image?.id);
    if (onPage) return go({ image: onPage.image.id });
    if (next.position === null) return;
    // Positions are dense from 1 unless images were removed; then this lands near the image.
    const position = next.position - 1;
    await openAt(Math.floor(position / pageSize), position % pageSize);
  };

  if (!collection.data || !template.data || !ui) {
    return (
      <div className="page">
        <LoadStatus query={collection} />
        <LoadStatus query={template} />
      </div>
    );
  }

  return (
    <div className="workspace">
      <header className="workspace-header">
        <h1>{collection.data.name}</h1>
        <span className="muted">
          {template.data.definition.name} v{template.data.version}
        </span>
        <Link href={`/collections/${collectionId}/review`}>Review mode</Link>
        <BurnedInBadge image={selected?.image} />
        <button type="button" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
          Shortcuts <kbd>?</kbd>
        </button>
        {unsent > 0 && (
          <span className="badge warning" role="status">
            {unsent} save(s) waiting for the server
          </span>
        )}
      </header>
      <div className="workspace-body">
        <aside className="grid-column" aria-label="Collection">
          <StatsPanel progress={progress.data} />
          <div className="grid-controls">
            <label>
              Per page
              <select
                value={pageSize}
                onChange={(e) => {
                  const size = Number(e.target.value);
                  localStorage.setItem('medlabel.pageSize', String(size));
                  setPageSize(size);
                  go({ page: Math.floor((page * pageSize) / size), image: null });
                }}
              >
                {PAGE_SIZES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
            <label>
              Columns
              <select
                value={columns}
                onChange={(e) => {
                  localStorage.setItem('medlabel.columns', e.target.value);
                  setColumns(Number(e.target.value));
                }}
              >
                {COLUMN_CHOICES.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
          </div>
          <LoadStatus query={items} />
          <ImageGrid
            items={pageItems}
            selectedId={selected?.image.id ?? null}
            columns={columns}
            onSelect={(id) => go({ image: id })}
          />
          <GridLegend />
          <nav className="pager" aria-label="Pages">
            <button
              type="button"
              onClick={() => goToPage(0)}
              disabled={page === 0}
              aria-label="First page"
            >
              «
            </button>
            <button
              type="button"
              onClick={() => goToPage(page - 1)}
              disabled={page === 0}
              aria-label="Previous page"
            >
              ‹
            </button>
            <span data-testid="page-indicator">
              Page {page + 1} of {pageCount}
            </span>
            <button
              type="button"
              onClick={() => goToPage(page + 1)}
              disabled={page >= pageCount - 1}
              aria-label="Next page"
            >
              ›
            </button>
            <button
              type="button"
              onClick={() => goToPage(pageCount - 1)}
              disabled={page >= pageCount - 1}
              aria-label="Last page"
            >
              »
            </button>
          </nav>
          <button type="button" onClick={() => void nextToAnnotate()}>
            Next to annotate
          </button>
        </aside>
        {selected ? (
          <AnnotationPane
            key={selected.image.id}
            collection={collection.data}
            definition={template.data.definition}
            ui={ui}
            item={selected}
            queue={queue}
            onSaved={onSaved}
            onNext={() => moveTo('right')}
            onMove={moveTo}
            onShowShortcuts={() => setHelpOpen(true)}
            stack={stack}
            view={view}
          />
        ) : (
          <p className="muted">
            {pageItems.length === 0 && pageShown ? 'This collection has no images.' : ''}
          </p>
        )}
      </div>
      {helpOpen && <ShortcutsDialog ui={ui} onClose={() => setHelpOpen(false)} />}
      {flushProblems[0] && (
        <FlushedProblem
          key={flushProblems[0].request.idempotencyKey}
          problem={flushProblems[0]}
          userId={user.id}
          queue={queue}
          onSaved={onSaved}
          onClose={(next) => setFlushProblems(([, ...rest]) => (next ? [...rest, next] : rest))}
        />
      )}
    </div>
  );
}
