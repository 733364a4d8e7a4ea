/**
 * Coalesces redraw requests: any number of invalidations between two animation frames cause
 * one draw. `requestFrame` is injectable so tests can step frames by hand.
 */
export function createFrameScheduler(
  draw: () => void,
  requestFrame: (callback: () => void) => unknown = (cb) => requestAnimationFrame(cb),
): () => void {
  let dirty = false;
  return function invalidate() {
    if (dirty) return;
    dirty = true;
    requestFrame(() => {
      dirty = false;
      draw();
    });
  };
}
