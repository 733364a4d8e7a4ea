import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { TemplateDefinition, TemplateUi } from '@medlabel/schema';
import type { Image } from '../../api.js';
import { LoadStatus } from '../../components/status.js';
import { imagesQuery } from '../../queries.js';
import { Link } from '../../router.js';
import { useKeypointAdvance } from '../workspace/keypoint-advance.js';
import { Measurements } from '../workspace/measurements.js';
import { Toolbar } from '../workspace/toolbar.js';
import { useImageEditor } from '../workspace/use-image-editor.js';
import { Viewer } from '../workspace/viewer.js';

/** How many of the library's images are offered as samples. */
const SAMPLES = 50;

/** The library's images as samples: those of the template's required modality first. */
function orderSamples(images: readonly Image[], modality: string | undefined): Image[] {
  if (!modality) return [...images];
  const matches = (image: Image) => image.modality === modality;
  return [...images.filter(matches), ...images.filter((image) => !matches(image))];
}

const describe = (image: Image) =>
  [`#${image.id}`, image.modality, image.bodyPart, `${image.width}×${image.height}`]
    .filter(Boolean)
    .join(' · ');

/**
 * A sample image from the library (on a demo install, the demo's real DICOM) to try the
 * template's tools on, as annotators will: the workspace's toolbar, viewer and measurements.
 * Nothing drawn here is saved.
 */
export function PreviewSample({
  ui,
  definition,
}: {
  ui: TemplateUi;
  definition: TemplateDefinition;
}) {
  const images = useQuery(imagesQuery(0, SAMPLES));
  const [chosen, setChosen] = useState<number | null>(null);
  const samples = orderSamples(images.data ?? [], definition.requiredExpertise?.modality);
  const image = samples.find((s) => s.id === chosen) ?? samples[0];
  if (!images.data) return <LoadStatus query={images} />;
  if (!image)
    return (
      <p data-testid="preview-no-sample">
        No image to try the tools on yet: <Link href="/images">add images</Link> to the library.
      </p>
    );
  return (
    <div className="preview-sample">
      <label>
        Sample image (nothing drawn here is saved)
        <select value={image.id} onChange={(e) => setChosen(Number(e.target.value))}>
          {samples.map((s) => (
            <option key={s.id} value={s.id}>
              {describe(s)}
            </option>
          ))}
        </select>
      </label>
      <SampleCanvas key={image.id} image={image} ui={ui} definition={definition} />
    </div>
  );
}

function SampleCanvas({
  image,
  ui,
  definition,
}: {
  image: Image;
  ui: TemplateUi;
  definition: TemplateDefinition;
}) {
  const editor = useImageEditor(image);
  useKeypointAdvance(editor, ui);
  return (
    <>
      <Toolbar editor={editor} ui={ui} />
      <div className="viewer preview-viewer">
        <Viewer editor={editor} src={image.url} ui={ui} definition={definition} image={image} />
      </div>
      <Measurements editor={editor} definition={definition} image={image} />
    </>
  );
}
