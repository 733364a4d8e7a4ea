import { useEffect, useRef } from 'react';

export interface SignOutDialogProps {
  /** images whose saves have not reached the server */
  readonly unsent: number;
  readonly onSignOut: () => void;
  readonly onStay: () => void;
}

/** Asked before signing out while saves wait: they stay stored for this user, not sent by others. */
export function SignOutDialog({ unsent, onSignOut, onStay }: SignOutDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="sign-out-title"
      onCancel={(e) => {
        e.preventDefault();
        onStay();
      }}
    >
      <h2 id="sign-out-title">Unsent work is waiting</h2>
      <p>
        {unsent} image(s) have changes that have not reached the server yet. They stay in this
        browser under your name and are sent when you sign in here again; nobody else who signs in
        here sends them. Stay signed in until they are sent to be sure they arrive.
      </p>
      <div className="actions">
        <button type="button" onClick={onSignOut}>
          Sign out anyway
        </button>
        <button type="button" className="primary" onClick={onStay}>
          Stay signed in
        </button>
      </div>
    </dialog>
  );
}
