import type { UseQueryResult } from '@tanstack/react-query';
import { errorMessage } from '../api.js';

/** Loading and error states of a query; renders nothing once its data is there. */
export function LoadStatus({
  query,
}: {
  query: Pick<UseQueryResult, 'error' | 'isPending' | 'fetchStatus' | 'refetch'>;
}) {
  if (query.error) {
    return (
      <p className="error" role="alert">
        {errorMessage(query.error)}{' '}
        <button type="button" onClick={() => void query.refetch()}>
          Retry
        </button>
      </p>
    );
  }
  if (!query.isPending) return null;
  // A read waits while the browser is offline, and goes on by itself once it is back.
  if (query.fetchStatus === 'paused')
    return <p className="muted">Offline: waiting for the connection…</p>;
  return <p className="muted">Loading…</p>;
}

export function ErrorText({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  return (
    <p className="error" role="alert">
      {errorMessage(error)}
    </p>
  );
}
