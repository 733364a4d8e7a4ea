import { useMemo } from 'react';
import { Editor } from '@medlabel/editor';
import type { Image } from '../../api.js';
import { pixelSpacingOf } from './image-info.js';

/** An editor for one image, in its size and pixel spacing; a new one when the image changes. */
export function useImageEditor(image: Image): Editor {
  return useMemo(
    () =>
      new Editor({
        imageSize: { width: image.width, height: image.height },
        pixelSpacing: pixelSpacingOf(image),
      }),
    [image],
  );
}
