import { useSyncExternalStore } from 'react';
import type { Editor } from '@medlabel/editor';

/** Re-renders when the editor changes and returns `select(editor)`; keep the result primitive or stable. */
export function useEditorValue<T>(editor: Editor, select: (editor: Editor) => T): T {
  return useSyncExternalStore(
    (listener) => editor.subscribe(listener),
    () => select(editor),
  );
}
