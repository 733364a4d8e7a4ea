import type { Provenance } from '../api.js';

/** Who made a label: a short tag and what it means. */
const PROVENANCE: Record<Provenance, { tag: string; meaning: string }> = {
  manual: { tag: 'manual', meaning: 'A person labeled the image without a model.' },
  model: { tag: 'model label', meaning: 'The model labeled the image; nobody checked it.' },
  confirmed: { tag: 'confirmed', meaning: "A person confirmed the model's prediction." },
  corrected: { tag: 'corrected', meaning: "A person corrected the model's prediction." },
};

/** A small tag saying where a label comes from; its tooltip says it in full. */
export function ProvenanceBadge({ provenance }: { provenance: Provenance }) {
  const { tag, meaning } = PROVENANCE[provenance];
  return (
    <span className={`badge provenance ${provenance}`} data-provenance={provenance} title={meaning}>
      {tag}
    </span>
  );
}
