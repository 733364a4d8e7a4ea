import { useEffect } from 'react';
import { useLoad, type Loaded, type Loop } from '../../api.js';
import { pollInterval } from './loop-phase.js';
import { loadLoop } from './loops-api.js';

/**
 * A loop, asked for again `pollInterval` after each answer while it has news to give (a job's
 * progress, people's reviews); one request at a time.
 */
export function useLoop(loopId: number): Loaded<Loop> {
  const loop = useLoad(() => loadLoop(loopId), [loopId]);
  const { data, reload } = loop;
  useEffect(() => {
    const interval = data ? pollInterval(data) : null;
    if (interval === null) return;
    const timer = setTimeout(reload, interval);
    return () => clearTimeout(timer);
  }, [data, reload]);
  return loop;
}
