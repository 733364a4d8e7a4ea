import { useEffect, useState, useSyncExternalStore } from 'react';
import { api, unwrap } from '../../api.js';
import { SaveQueue, type SaveOutcome, type SendSave } from './save-queue.js';
import { useBeforeUnload } from './use-before-unload.js';

const RETRY_MS = 3000;

const sendSave: SendSave = async (request, { keepalive }) => {
  const { collectionId, imageId, ...body } = request;
  return unwrap(
    await api.PUT('/api/collections/{collectionId}/images/{imageId}/annotation', {
      params: { path: { collectionId, imageId } },
      body,
      keepalive,
    }),
  );
};

/**
 * The signed-in user's save queue, for the whole session: it sends the user's own stored saves
 * at sign-in and whenever the server is back, and stops when the session ends.
 */
export function useSaveQueue(userId: number): SaveQueue {
  const [queue] = useState(() => new SaveQueue(sendSave, window.localStorage, userId));
  const size = useUnsentCount(queue);
  useBeforeUnload(() => queue.pending > 0);
  useEffect(() => {
    queue.start();
    return () => queue.stop();
  }, [queue]);
  useEffect(() => {
    if (size === 0) return;
    const flush = () => void queue.flush();
    flush();
    window.addEventListener('online', flush);
    const timer = setInterval(flush, RETRY_MS);
    return () => {
      window.removeEventListener('online', flush);
      clearInterval(timer);
    };
  }, [queue, size]);
  return queue;
}

/** How many images' saves wait for the server. */
export function useUnsentCount(queue: SaveQueue): number {
  return useSyncExternalStore(
    (listener) => queue.subscribe(listener),
    () => queue.size,
  );
}

/** Calls `listener` with each save a background flush settled. */
export function useFlushed(queue: SaveQueue, listener: (outcome: SaveOutcome) => void): void {
  useEffect(() => queue.subscribeFlushed(listener), [queue, listener]);
}
