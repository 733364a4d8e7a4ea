import type { CollectionItem, Provenance } from '../../api.js';
import { ProvenanceBadge } from '../../components/provenance.js';

/**
 * Where the labels of the selected image come from: the model's label (a loop's accepted
 * pre-label or a prediction to review) and the provenance of the user's own label.
 */
export function AnnotationOrigin({
  predicted,
  provenance,
}: {
  predicted: CollectionItem['predicted'];
  provenance: Provenance | null;
}) {
  if (!predicted && !provenance) return null;
  return (
    <section className="origin" aria-label="Label origin" data-testid="label-origin">
      {predicted && (
        <p>
          Model ({predicted.model}): <strong>{predicted.label ?? '—'}</strong>
          {predicted.confidence !== null && ` ${Math.round(predicted.confidence * 100)}%`}
        </p>
      )}
      {provenance && (
        <p>
          My label: <ProvenanceBadge provenance={provenance} />
        </p>
      )}
    </section>
  );
}
