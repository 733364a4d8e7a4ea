import type { AutoAssignment } from '../../api.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The spread of the work in a sentence, with a warning when images cannot get all their readers. */
export function spreadSentence({ spread }: AutoAssignment): string {
  const { images, readersPerImage, annotators, imagesPerAnnotator } = spread;
  const need = `Each of the ${plural(images, 'image')} needs ${plural(readersPerImage, 'reader')}`;
  if (annotators === 0) return `${need}; no annotator is assigned yet.`;
  const share = `${need}; ${plural(annotators, 'annotator')} ${annotators === 1 ? 'is' : 'are'} assigned, so each reads up to ${plural(imagesPerAnnotator, 'image')}.`;
  return annotators < readersPerImage
    ? `${share} Assign ${readersPerImage - annotators} more for every image to get all its readers.`
    : share;
}

/** What "Assign by expertise" did, in words: who, why, who not and why, and how work spreads. */
export function AutoAssignmentSummary({ result }: { result: AutoAssignment }) {
  const { requirement, assigned, passedOver } = result;
  return (
    <div role="status" data-testid="assign-result" className="stack">
      <p>
        {requirement
          ? `The template requires ${requirement}.`
          : 'The template requires no expertise: any annotator qualifies.'}{' '}
        {assigned.length === 0
          ? 'No further annotator meets it; nobody was assigned.'
          : `Assigned ${plural(assigned.length, 'annotator')}:`}
      </p>
      {assigned.length > 0 && (
        <ul>
          {assigned.map((c) => (
            <li key={c.userId}>
              {c.name} — {c.reason}
              {c.otherCollections > 0 &&
                ` (already annotates ${plural(c.otherCollections, 'other collection')})`}
            </li>
          ))}
        </ul>
      )}
      <p>{spreadSentence(result)}</p>
      {passedOver.length > 0 && (
        <details>
          <summary>Not chosen: {plural(passedOver.length, 'annotator')}</summary>
          <ul>
            {passedOver.map((c) => (
              <li key={c.userId}>
                {c.name} — {c.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
