import { useEffect, useRef, useState } from 'react';
import { errorMessage, type Annotation } from '../../api.js';
import { ConflictDialog } from './conflict-dialog.js';
import type { SaveOutcome, SaveQueue } from './save-queue.js';
import { newSaveKey } from './save-keys.js';
import { loadTheirVersion } from './their-version.js';

export type FlushProblem = Extract<SaveOutcome, { kind: 'conflict' | 'rejected' }>;

export interface FlushedProblemProps {
  readonly problem: FlushProblem;
  readonly userId: number;
  readonly queue: SaveQueue;
  /** a version of the image that now holds: the user's resent work or the saved version */
  readonly onSaved: (annotation: Annotation) => void;
  /** done with this problem; `next` when resending the user's work met another one */
  readonly onClose: (next?: FlushProblem) => void;
}

/**
 * A queued save of an image that is not open, which a background flush could not make: a
 * conflict is resolved in the conflict dialog (keep my changes or load the saved version), a
 * refusal is shown with the server's reason.
 */
export function FlushedProblem({ problem, userId, queue, onSaved, onClose }: FlushedProblemProps) {
  const { request } = problem;
  const [theirs, setTheirs] = useState<Annotation | null>(null);
  const [failure, setFailure] = useState(
    problem.kind === 'rejected' ? errorMessage(problem.error) : '',
  );
  useEffect(() => {
    if (problem.kind !== 'conflict') return;
    loadTheirVersion(request.collectionId, request.imageId, userId).then(
      (found) => (found ? setTheirs(found) : setFailure(errorMessage(problem.error))),
      (error: unknown) => setFailure(errorMessage(error)),
    );
  }, [problem, request, userId]);

  const keepMine = async (base: Annotation) => {
    const outcome = await queue.save({
      ...request,
      baseVersion: base.version,
      idempotencyKey: newSaveKey(),
    });
    if (outcome.kind === 'saved') onSaved(outcome.annotation);
    onClose(outcome.kind === 'conflict' || outcome.kind === 'rejected' ? outcome : undefined);
  };

  const subject = `Image ${request.imageId} (collection ${request.collectionId})`;
  if (theirs)
    return (
      <ConflictDialog
        theirs={theirs}
        subject={subject}
        onLoadTheirs={() => {
          onSaved(theirs);
          onClose();
        }}
        onKeepMine={() => void keepMine(theirs)}
      />
    );
  if (failure) return <RefusedSave subject={subject} message={failure} onClose={() => onClose()} />;
  return null;
}

function RefusedSave(props: { subject: string; message: string; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="refused-title" onClose={props.onClose}>
      <h2 id="refused-title">A queued save was refused</h2>
      <p>
        {props.subject}: your queued changes were not saved. {props.message}
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={props.onClose}>
          OK
        </button>
      </div>
    </dialog>
  );
}
