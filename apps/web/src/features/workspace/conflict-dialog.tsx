import { useEffect, useRef } from 'react';
import type { Annotation } from '../../api.js';

export interface ConflictDialogProps {
  readonly theirs: Annotation;
  /** which image, when it is not the one on screen */
  readonly subject?: string;
  readonly onLoadTheirs: () => void;
  readonly onKeepMine: () => void;
}

/** A stale save (409): the user picks which version wins; nothing is overwritten silently. */
export function ConflictDialog({ theirs, subject, onLoadTheirs, onKeepMine }: ConflictDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog conflict"
      aria-labelledby="conflict-title"
      onCancel={(e) => e.preventDefault()}
    >
      <h2 id="conflict-title">This annotation was changed elsewhere</h2>
      {subject && <p>{subject}: a queued save of yours reached the server late.</p>}
      <p>
        Version {theirs.version} was saved at {new Date(theirs.updatedAt).toLocaleString()} (for
        example in another tab) after you opened this image. Your changes were not saved.
      </p>
      <p>
        Saved version: {theirs.payload.labels.join(', ') || 'no labels'},{' '}
        {theirs.payload.shapes.length} shape(s).
      </p>
      <div className="actions">
        <button type="button" onClick={onLoadTheirs}>
          Load the saved version
        </button>
        <button type="button" className="primary" onClick={onKeepMine}>
          Keep my changes
        </button>
      </div>
    </dialog>
  );
}
