import { useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * A ref to the value of the latest render, for listeners registered once that must act on
 * current props (a window's keys, a save finishing later). It is updated when the render is
 * committed, never during it; read it in handlers and effects, not while rendering.
 */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
