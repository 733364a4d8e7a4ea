import { useEffect, useState, useSyncExternalStore } from 'react';
import { api, unwrap } from '../../api.js';
import { SaveQueue } from './save-queue.js';

const RETRY_MS = 3000;

/** The workspace's save queue: sends through the API, retries queued saves when back online. */
export function useSaveQueue(): { queue: SaveQueue; size: number } {
  const [queue] = useState(
    () =>
      new SaveQueue(async (request) => {
        const { collectionId, imageId, ...body } = request;
        return unwrap(
          await api.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
            params: { path: { collectionId, imageId } },
            body,
          }),
        );
      }, window.localStorage),
  );
  const size = useSyncExternalStore(
    (listener) => queue.subscribe(listener),
    () => queue.size,
  );
  useEffect(() => {
    if (size === 0) return;
    const flush = () => void queue.flush();
    window.addEventListener('online', flush);
    const timer = setInterval(flush, RETRY_MS);
    return () => {
      window.removeEventListener('online', flush);
      clearInterval(timer);
    };
  }, [queue, size]);
  return { queue, size };
}
