import { errorMessage, type Loaded } from '../api.js';

/** Loading and error states of a `useLoad` result; renders nothing once data is there. */
export function LoadStatus({ loaded }: { loaded: Loaded<unknown> }) {
  if (loaded.error !== undefined) {
    return (
      <p className="error" role="alert">
        {errorMessage(loaded.error)}{' '}
        <button type="button" onClick={loaded.reload}>
          Retry
        </button>
      </p>
    );
  }
  if (loaded.loading && loaded.data === undefined) return <p className="muted">Loading…</p>;
  return null;
}

export function ErrorText({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  return (
    <p className="error" role="alert">
      {errorMessage(error)}
    </p>
  );
}
