import { useEffect, useRef, useState } from 'react';
import { CanvasRenderer, valueAt, type Editor, type Shape } from '@medlabel/editor';
import {
  computeMeasurements,
  formatMeasurement,
  type TemplateDefinition,
  type TemplateUi,
} from '@medlabel/schema';
import type { Image } from '../../api.js';
import { useLatest } from '../../components/use-latest.js';
import type { FrameValues } from './frame-values.js';
import { pixelSpacingOf } from './image-info.js';
import { useEditorValue } from './use-editor.js';

export interface ViewerProps {
  readonly editor: Editor;
  /** The URL of the frame on screen, shown as it is (PNG, JPEG, colour DICOM). */
  readonly src: string;
  /**
   * A greyscale DICOM frame's modality values, windowed here instead of `src`: null while they
   * load, undefined for images shown from `src`.
   */
  readonly values?: FrameValues | null;
  /** The wheel without Ctrl: scrolls a stack by one slice a notch (else the wheel zooms). */
  readonly onScroll?: ((step: 1 | -1) => void) | undefined;
  /** Keep the editor's camera (a stack's next slice) instead of fitting the image at first. */
  readonly keepCamera?: boolean;
  readonly ui: TemplateUi;
  readonly definition: TemplateDefinition;
  readonly image: Image;
}

/** Colour of a shape: its label's colour, or its keypoint's, or the tool's first label. */
function shapeColors(ui: TemplateUi): (shape: Shape) => string {
  return (shape) => {
    const tool = ui.tools.find((t) => t.id === shape.tool);
    if (!tool) return '#ffd33d';
    if (shape.kind === 'keypoint')
      return tool.keypoints.find((k) => k.name === shape.name)?.color ?? '#ffd33d';
    return tool.labels.find((l) => l.name === shape.label)?.color ?? '#ffd33d';
  };
}

/** A ruler's length as the measurement panel shows it (the template's unit, mm or px). */
function rulerText(definition: TemplateDefinition, image: Image): (shape: Shape) => string | null {
  const spacing = pixelSpacingOf(image);
  return (shape) => {
    const [measurement] = computeMeasurements(
      definition,
      { labels: [], values: {}, shapes: [shape] },
      spacing,
    );
    return measurement ? formatMeasurement(measurement) : null;
  };
}

/**
 * The canvas: mounts the editor's renderer, forwards pointer and wheel input in canvas
 * coordinates, fits the image on first show and reloads the picture when the frame changes.
 */
export function Viewer(props: ViewerProps) {
  const { editor, src, values, onScroll, keepCamera, ui, definition, image } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  // The camera as text, for tests and tools that read the view from the page.
  const camera = useEditorValue(editor, (e) => JSON.stringify(e.session.camera));
  const rendererRef = useRef<CanvasRenderer | null>(null);
  const scroll = useLatest(onScroll);
  /** The value under the pointer, in image pixels. */
  const [readout, setReadout] = useState<{ x: number; y: number; value: number } | null>(null);

  useEffect(() => {
    const canvas = canvasRef.current!;
    const renderer = new CanvasRenderer(canvas, editor, {
      colorOf: shapeColors(ui),
      rulerText: rulerText(definition, image),
    });
    rendererRef.current = renderer;
    let fitted = keepCamera ?? false;
    if (fitted) canvas.dataset.fitted = 'true';
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const { width, height } = entry.contentRect;
      renderer.resize(width, height, window.devicePixelRatio || 1);
      if (!fitted && width > 0) {
        editor.fit();
        fitted = true;
        // For tests and tools that read the camera: it now shows the whole image.
        canvas.dataset.fitted = 'true';
      }
    });
    observer.observe(canvas);
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      if (scroll.current && !event.ctrlKey && !event.metaKey) {
        if (event.deltaY !== 0) scroll.current(event.deltaY > 0 ? 1 : -1);
        return;
      }
      const rect = canvas.getBoundingClientRect();
      editor.wheel(event.clientX - rect.left, event.clientY - rect.top, event.deltaY);
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      observer.disconnect();
      canvas.removeEventListener('wheel', onWheel);
      renderer.destroy();
      rendererRef.current = null;
    };
  }, [editor, ui, definition, image, keepCamera, scroll]);

  useEffect(() => {
    // For tests and benchmarks: whether the frame on screen has arrived.
    const loaded = (done: boolean) => {
      if (canvasRef.current) canvasRef.current.dataset.loaded = String(done);
    };
    if (values !== undefined) {
      rendererRef.current?.setImage(values);
      loaded(values !== null);
      return;
    }
    const picture = new Image();
    let current = true;
    picture.onload = () => {
      if (!current) return;
      rendererRef.current?.setImage(picture);
      loaded(true);
    };
    picture.src = src;
    return () => {
      current = false;
    };
  }, [src, values]);

  const showValue = (event: React.PointerEvent) => {
    if (!values) return;
    const point = editor.imageAt(...at(event));
    const value = valueAt(values, point.x, point.y);
    setReadout(
      value === undefined ? null : { x: Math.floor(point.x), y: Math.floor(point.y), value },
    );
  };

  const at = (event: React.PointerEvent | React.MouseEvent) => {
    const rect = canvasRef.current!.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top] as const;
  };
  const options = (event: React.PointerEvent | React.MouseEvent) => ({
    button: event.button,
    altKey: event.altKey,
    shiftKey: event.shiftKey,
  });

  return (
    <>
      <canvas
        ref={canvasRef}
        className="viewer-canvas"
        data-testid="viewer"
        data-camera={camera}
        aria-label="Image viewer: use the toolbar tools to draw; the wheel zooms"
        tabIndex={0}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          e.currentTarget.focus();
          editor.pointerDown(...at(e), options(e));
        }}
        onPointerMove={(e) => {
          editor.pointerMove(...at(e), options(e));
          showValue(e);
        }}
        onPointerLeave={() => setReadout(null)}
        onPointerUp={(e) => editor.pointerUp(...at(e), options(e))}
        onDoubleClick={(e) => editor.doubleClick(...at(e), options(e))}
        onContextMenu={(e) => e.preventDefault()}
      />
      {values && readout && (
        <output
          className="pixel-readout"
          data-testid="pixel-value"
          data-x={readout.x}
          data-y={readout.y}
          data-value={readout.value}
        >
          ({readout.x}, {readout.y}) {formatValue(readout.value)}
          {values.unit ? ` ${values.unit}` : ''}
        </output>
      )}
    </>
  );
}

/** Integers as they are, other values to 2 decimals (MR with a fractional rescale). */
const formatValue = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));
