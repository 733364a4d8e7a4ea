import { useEffect, useMemo, useRef, useState } from 'react';
import type { Editor, WindowLevel } from '@medlabel/editor';
import type { Image } from '../../api.js';
import { useSession } from '../../session.js';
import { CT_PRESETS, frameValues, hasModalityValues, type FrameValues } from './frame-values.js';
import type { Preset } from './toolbar.js';

export interface ShownValues {
  /** The frame's values; null while they load; undefined when the image shows its picture. */
  readonly values: FrameValues | null | undefined;
  /** The presets and reset window of the toolbar, once the first frame is there. */
  readonly windows:
    { readonly presets: readonly Preset[]; readonly reset: WindowLevel } | undefined;
}

/**
 * Loads the modality values of the frame on screen for a greyscale DICOM image. The first
 * frame that arrives sets the editor's window (`initial`, e.g. the window of the stack's
 * previous slice, or the file's) and the value range drags move over; a load that fails
 * (a photometric interpretation the server cannot decode) falls back to the picture.
 */
export function useFrameValues(
  editor: Editor,
  image: Image,
  frame: number,
  initial?: WindowLevel,
): ShownValues {
  const wanted = hasModalityValues(image);
  const { user } = useSession();
  const [values, setValues] = useState<FrameValues | null | 'failed'>(null);
  const [first, setFirst] = useState<FrameValues | null>(null);
  const initialWindow = useRef(initial);
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    frameValues(user.id, image.id, frame).then(
      (loaded) => {
        if (!current) return;
        setFirst((shown) => {
          if (shown) return shown;
          editor.updateSession({
            windowLevel: initialWindow.current ?? loaded.window,
            valueRange: { min: loaded.min, max: loaded.max },
          });
          return loaded;
        });
        setValues(loaded);
      },
      () => current && setValues('failed'),
    );
    return () => {
      current = false;
    };
  }, [editor, user.id, image.id, frame, wanted]);

  const windows = useMemo(() => {
    if (!first) return undefined;
    const auto = { name: 'Auto', window: first.auto };
    const presets =
      first.unit === 'HU'
        ? [...CT_PRESETS, auto]
        : [{ name: 'Default', window: first.window }, auto];
    return { presets, reset: first.window };
  }, [first]);

  if (!wanted || values === 'failed') return { values: undefined, windows: undefined };
  return { values, windows };
}
