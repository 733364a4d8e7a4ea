import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Camera, WindowLevel } from '@medlabel/editor';
import {
  validateAnnotationPayload,
  type AnnotationPayload,
  type FieldValue,
  type Problem,
  type TemplateDefinition,
  type TemplateUi,
} from '@medlabel/schema';
import {
  errorMessage,
  type Annotation,
  type Collection,
  type CollectionItem,
  type Provenance,
} from '../../api.js';
import { useLatest } from '../../components/use-latest.js';
import { annotationQuery } from '../../queries.js';
import { useSession } from '../../session.js';
import { AnnotationOrigin } from './annotation-origin.js';
import { ConflictDialog } from './conflict-dialog.js';
import { frameUrl } from './image-info.js';
import { Measurements } from './measurements.js';
import type { SaveOutcome, SaveQueue, SaveRequest } from './save-queue.js';
import { newSaveKey } from './save-keys.js';
import { TemplateForm } from './template-form.js';
import { loadTheirVersion } from './their-version.js';
import { useKeypointAdvance } from './keypoint-advance.js';
import { activateTool, Toolbar } from './toolbar.js';
import { useBeforeUnload } from './use-before-unload.js';
import { useEditorValue } from './use-editor.js';
import { useFlushed } from './use-save-queue.js';
import { useFrameValues } from './use-frame-values.js';
import { useImageEditor } from './use-image-editor.js';
import { frameValues, hasModalityValues } from './frame-values.js';
import { StackBar, type Stack } from './stack-bar.js';
import { Viewer } from './viewer.js';
import { useWorkspaceKeys, type GridMove } from './workspace-keys.js';

export interface AnnotationPaneProps {
  readonly collection: Collection;
  readonly definition: TemplateDefinition;
  readonly ui: TemplateUi;
  readonly item: CollectionItem;
  readonly queue: SaveQueue;
  readonly onSaved: (annotation: Annotation) => void;
  readonly onNext: () => void;
  readonly onMove: (move: GridMove) => void;
  readonly onShowShortcuts: () => void;
  /** The series this image is a slice of, when the collection holds more than one of its slices. */
  readonly stack?: Stack | undefined;
  /** The view of the stack's previous slice, kept while scrolling (zoom, pan, window). */
  readonly view?: StackView | undefined;
}

/** What a stack keeps from slice to slice. */
export interface StackView {
  readonly shown: { camera: Camera; windowLevel: WindowLevel } | null;
  remember(view: { camera: Camera; windowLevel: WindowLevel }): void;
}

type SaveState = 'loading' | 'saved' | 'unsaved' | 'saving' | 'queued' | 'invalid' | 'error';

const AUTOSAVE_MS = 1500;

/**
 * The selected image: viewer, toolbar, form and saving. Drafts autosave, and save at once when
 * the page is hidden or closed; Enter submits and moves on; a 409 opens the conflict dialog, also
 * for a queued save of this image that a background flush sent; an unreachable server queues
 * the save.
 */
export function AnnotationPane(props: AnnotationPaneProps) {
  const { collection, definition, ui, item, queue } = props;
  // The parent's callbacks change identity on every render; read the latest through a ref so
  // they do not restart the autosave timer.
  const parent = useLatest(props);
  const { image } = item;
  const { user } = useSession();
  const queries = useQueryClient();
  /**
   * What the pane opens with: a save still queued from offline work wins over the server's copy
   * (later changes of `item.mine` come from our own saves and load nothing).
   */
  const [opening] = useState(() => ({
    queued: queue.queued(collection.id, image.id),
    mine: item.mine,
  }));
  const editor = useImageEditor(image);
  const [labels, setLabels] = useState<string[]>(opening.queued?.payload.labels ?? []);
  const [values, setValues] = useState<Record<string, FieldValue>>(
    opening.queued?.payload.values ?? {},
  );
  const [state, setState] = useState<SaveState>(
    opening.queued ? 'queued' : opening.mine ? 'loading' : 'saved',
  );
  const currentState = useLatest(state);
  const [message, setMessage] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const [conflict, setConflict] = useState<{ request: SaveRequest; theirs: Annotation } | null>(
    null,
  );
  const [playing, setPlaying] = useState(false);
  const [fps, setFps] = useState(10);
  /** The provenance of my stored annotation, as the server last said. */
  const [provenance, setProvenance] = useState<Provenance | null>(null);
  const base = useRef<{ version: number; status: 'draft' | 'submitted' } | null>(null);
  /** When the image was opened, or last saved: the time spent counts from there. */
  const openedAt = useRef(0);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const documentVersion = useEditorValue(editor, (e) => e.documentVersion);
  const frame = useEditorValue(editor, (e) => e.session.frame);
  const { stack, view } = props;
  const [keptView] = useState(() => view?.shown ?? null);
  const shown = useFrameValues(editor, image, frame, keptView?.windowLevel);
  // A slice opens with the previous slice's camera and window; its own are kept as they change
  // (not on leaving: the next slice's pane renders before this one is gone).
  useEffect(() => {
    if (keptView) editor.setCamera(keptView.camera);
    const unsubscribe = editor.subscribe(() => {
      const { camera, windowLevel } = editor.session;
      parent.current.view?.remember({ camera, windowLevel });
    });
    return () => void unsubscribe();
  }, [editor, keptView, parent]);
  // The neighbouring slices' values load while this one is read, so scrolling does not wait.
  useEffect(() => {
    if (!stack) return;
    for (const offset of [1, -1, 2, -2]) {
      const next = stack.items[stack.index + offset]?.image;
      if (next && hasModalityValues(next)) frameValues(user.id, next.id, 0).catch(() => undefined);
    }
  }, [stack, user.id]);
  const loadedVersion = useRef(0);
  /** Counts edits, so a save that finishes knows whether newer edits are still unsaved. */
  const edits = useRef(0);
  /** The edit count the latest save request covered. */
  const editsRequested = useRef(0);

  const show = useCallback(
    (payload: AnnotationPayload) => {
      editor.load(payload.shapes);
      loadedVersion.current = editor.documentVersion;
      setLabels(payload.labels);
      setValues(payload.values);
    },
    [editor],
  );

  useEffect(() => {
    const firstTool = ui.tools[0];
    if (firstTool) activateTool(editor, firstTool);
  }, [editor, ui]);

  // Load the shapes of the queued save, or the stored annotation.
  useEffect(() => {
    openedAt.current = Date.now();
    const { queued, mine } = opening;
    if (queued) {
      editor.load(queued.payload.shapes);
      loadedVersion.current = editor.documentVersion;
      base.current =
        queued.baseVersion === undefined
          ? null
          : { version: queued.baseVersion, status: queued.status };
      return;
    }
    if (!mine) return;
    let cancelled = false;
    queries.fetchQuery(annotationQuery(mine.id)).then(
      (annotation) => {
        if (cancelled) return;
        show(annotation.payload);
        base.current = { version: annotation.version, status: annotation.status };
        setProvenance(annotation.provenance);
        setState('saved');
      },
      (error: unknown) => {
        if (cancelled) return;
        setState('error');
        setMessage(errorMessage(error));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [editor, opening, queries, show]);

  const payload = useCallback(
    (): AnnotationPayload => ({ labels, shapes: [...editor.shapes], values }),
    [editor, labels, values],
  );

  /** The save of the current work, validated like the server; undefined (problems shown) if invalid. */
  const request = useCallback(
    (status: 'draft' | 'submitted'): SaveRequest | undefined => {
      const checked = validateAnnotationPayload(definition, payload(), {
        width: image.width,
        height: image.height,
        frames: image.frames,
        mode: status,
      });
      if (!checked.ok) {
        setProblems(checked.problems);
        setState('invalid');
        setMessage(
          status === 'submitted'
            ? 'Complete the required parts before submitting.'
            : 'Fix the marked problems.',
        );
        return undefined;
      }
      setProblems([]);
      editsRequested.current = edits.current;
      return {
        collectionId: collection.id,
        imageId: image.id,
        payload: checked.value,
        status,
        timeSpentMs: Math.min(86_400_000, Date.now() - openedAt.current),
        ...(base.current ? { baseVersion: base.current.version } : {}),
        idempotencyKey: newSaveKey(),
      };
    },
    [collection.id, definition, image, payload],
  );

  /** Shows a save's outcome, whoever sent it; true when the work is saved or safely queued. */
  const settle = useCallback(
    async (outcome: SaveOutcome): Promise<boolean> => {
      switch (outcome.kind) {
        case 'saved': {
          const { annotation } = outcome;
          base.current = { version: annotation.version, status: annotation.status };
          openedAt.current = Date.now();
          setProvenance(annotation.provenance);
          setState(edits.current === editsRequested.current ? 'saved' : 'unsaved');
          setMessage(annotation.status === 'submitted' ? 'Submitted.' : 'Draft saved.');
          parent.current.onSaved(annotation);
          return true;
        }
        case 'queued':
          setState('queued');
          setMessage('Offline: the save is queued and will be sent when the server is back.');
          return true;
        case 'conflict': {
          const theirs = await loadTheirVersion(collection.id, image.id, user.id);
          if (theirs) setConflict({ request: outcome.request, theirs });
          setState('error');
          setMessage('This annotation was changed elsewhere.');
          return false;
        }
        case 'rejected':
          setState('error');
          setMessage(errorMessage(outcome.error));
          return false;
      }
    },
    [collection.id, image.id, user.id, parent],
  );

  /** Saves through the queue, one save at a time. */
  const save = useCallback(
    (status: 'draft' | 'submitted'): Promise<boolean> => {
      const run = async (): Promise<boolean> => {
        const next = request(status);
        if (!next) return false;
        setState('saving');
        try {
          return await settle(await queue.save(next));
        } catch (error) {
          setState('error');
          setMessage(errorMessage(error));
          return false;
        }
      };
      const next = chain.current.then(run, run);
      chain.current = next;
      return next;
    },
    [queue, request, settle],
  );

  // A queued save of this image that a background flush sent: its outcome shows here.
  useFlushed(
    queue,
    useCallback(
      (outcome: SaveOutcome) => {
        if (outcome.kind === 'queued') return;
        const about = outcome.kind === 'saved' ? outcome.annotation : outcome.request;
        if (about.collectionId === collection.id && about.imageId === image.id)
          void settle(outcome).catch((error: unknown) => setMessage(errorMessage(error)));
      },
      [collection.id, image.id, settle],
    ),
  );

  // Leaving or hiding the page saves unsaved work at once instead of after the autosave pause:
  // the queue stores it before sending, so a reload sends it again if this request is cut off.
  useEffect(() => {
    const saveNow = () => {
      if (currentState.current !== 'unsaved' || editor.session.draft) return;
      const next = request(base.current?.status ?? 'draft');
      if (next)
        void queue
          .save(next, { keepalive: true })
          .then(settle)
          .catch((error: unknown) => setMessage(errorMessage(error)));
    };
    const onVisibility = () => document.visibilityState === 'hidden' && saveNow();
    window.addEventListener('pagehide', saveNow);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.removeEventListener('pagehide', saveNow);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [editor, queue, request, settle, currentState]);
  useBeforeUnload(() => currentState.current === 'unsaved' || currentState.current === 'saving');

  // Any edit after loading marks the work unsaved; drafts autosave after a pause.
  const markEdited = useCallback(() => {
    edits.current++;
    setState('unsaved');
  }, []);
  useEffect(() => {
    if (documentVersion !== loadedVersion.current) markEdited();
  }, [documentVersion, markEdited]);

  useEffect(() => {
    if (state !== 'unsaved') return;
    // A submitted annotation stays submitted: its edits autosave only once they are complete.
    const status = base.current?.status ?? 'draft';
    const timer = setTimeout(() => {
      if (editor.session.draft) return;
      void save(status);
    }, AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [state, save, editor, documentVersion, labels, values]);

  // Frame playback.
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      editor.updateSession({ frame: (editor.session.frame + 1) % image.frames });
    }, 1000 / fps);
    return () => clearInterval(timer);
  }, [playing, fps, editor, image.frames]);

  const toggleLabel = useCallback(
    (name: string) => {
      markEdited();
      setLabels((current) => {
        if (ui.classification?.choice === 'single') return current.includes(name) ? [] : [name];
        return current.includes(name) ? current.filter((l) => l !== name) : [...current, name];
      });
    },
    [ui, markEdited],
  );

  const setValue = useCallback(
    (fieldId: string, value: FieldValue) => {
      markEdited();
      setValues((current) => ({ ...current, [fieldId]: value }));
    },
    [markEdited],
  );

  const submitAndNext = useCallback(async () => {
    if (await save('submitted')) parent.current.onNext();
  }, [save, parent]);

  useWorkspaceKeys({
    editor,
    ui,
    blocked: conflict !== null,
    onToggleLabel: toggleLabel,
    onSubmit: () => void submitAndNext(),
    onMove: (move) => parent.current.onMove(move),
    onShowShortcuts: () => parent.current.onShowShortcuts(),
  });

  const resolve = (choice: 'theirs' | 'mine') => {
    if (!conflict) return;
    const { theirs, request } = conflict;
    setConflict(null);
    base.current = { version: theirs.version, status: theirs.status };
    if (choice === 'theirs') {
      show(theirs.payload);
      setProvenance(theirs.provenance);
      setState('saved');
      setMessage(`Loaded version ${theirs.version}.`);
      parent.current.onSaved(theirs);
    } else {
      void save(request.status);
    }
  };

  useKeypointAdvance(editor, ui);

  return (
    <section className="annotation-pane" aria-label={`Image ${item.position}`}>
      <Toolbar
        editor={editor}
        ui={ui}
        cine={{ frames: image.frames, playing, onPlay: setPlaying, fps, onFps: setFps }}
        windows={shown.windows}
      />
      <div className="viewer-and-form">
        <div className="viewer">
          <Viewer
            editor={editor}
            src={frameUrl(image, frame)}
            values={shown.values}
            keepCamera={keptView !== null}
            onScroll={
              stack &&
              ((step) =>
                stack.onGo(Math.min(stack.items.length - 1, Math.max(0, stack.index + step))))
            }
            ui={ui}
            definition={definition}
            image={image}
          />
        </div>
        {stack && <StackBar stack={stack} />}
        <aside className="side">
          <TemplateForm
            ui={ui}
            labels={labels}
            values={values}
            problems={problems}
            onToggleLabel={toggleLabel}
            onValue={setValue}
          />
          <AnnotationOrigin predicted={item.predicted} provenance={provenance} />
          <Measurements editor={editor} definition={definition} image={image} />
          {problems.some((p) => !p.path.startsWith('/labels') && !p.path.startsWith('/values')) && (
            <ul className="problems" aria-label="Problems">
              {problems.map((p) => (
                <li key={p.path + p.message}>{p.message}</li>
              ))}
            </ul>
          )}
          <div className="save-bar">
            <p
              className={`save-state ${state}`}
              role="status"
              data-testid="save-state"
              data-state={state}
            >
              {SAVE_TEXT[state]} {message && state !== 'saved' ? `– ${message}` : ''}
            </p>
            <button type="button" onClick={() => void save(base.current?.status ?? 'draft')}>
              Save draft
            </button>
            <button type="button" className="primary" onClick={() => void submitAndNext()}>
              Submit &amp; next <kbd>Enter</kbd>
            </button>
          </div>
        </aside>
      </div>
      {conflict && (
        <ConflictDialog
          theirs={conflict.theirs}
          onLoadTheirs={() => resolve('theirs')}
          onKeepMine={() => resolve('mine')}
        />
      )}
    </section>
  );
}

const SAVE_TEXT: Record<SaveState, string> = {
  loading: 'Loading…',
  saved: 'All changes saved',
  unsaved: 'Unsaved changes',
  saving: 'Saving…',
  queued: 'Save queued (offline)',
  invalid: 'Not saved',
  error: 'Not saved',
};
