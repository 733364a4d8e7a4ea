import type { Image } from '../../api.js';

/**
 * Whether the server flagged the image on upload: a DICOM file whose Burned In Annotation was
 * YES, so its pixels may show patient text that de-identification does not remove.
 */
export function mayShowPatientText(image: Image): boolean {
  return image.metadata.burnedInAnnotation === true;
}

const WARNING = 'may contain burned-in patient text - review';

/** A warning for a flagged image (`compact` on grid tiles); nothing for the others. */
export function BurnedInBadge({ image, compact = false }: { image?: Image; compact?: boolean }) {
  if (!image || !mayShowPatientText(image)) return null;
  return (
    <span className="badge warning burned-in" title={`This image ${WARNING}`} role="note">
      {compact ? 'Burned-in text?' : `This image ${WARNING}`}
    </span>
  );
}
