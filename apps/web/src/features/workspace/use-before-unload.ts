import { useEffect } from 'react';
import { useLatest } from '../../components/use-latest.js';

/** Asks the browser to warn before the page is left while `unsent()` says work is not sent. */
export function useBeforeUnload(unsent: () => boolean): void {
  const latest = useLatest(unsent);
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (!latest.current()) return;
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [latest]);
}
