import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@medlabel/api-client';
import { api, errorMessage, unwrap } from '../../api.js';
import { keys } from '../../queries.js';
import { adjudicationCaseQuery, adjudicationQuery } from './agreement-api.js';
import { LoadStatus } from '../../components/status.js';
import { Link, navigate } from '../../router.js';
import { readerColor, ReadingFacts, ReadingView } from './reading-view.js';
import { EditedReference } from './edited-reference.js';

type ReferenceStandard = Schemas['ReferenceStandard'];
type Payload = Schemas['AnnotationPayload'];
/** The case's consensus contours: per polygon tool, the majority of the readings' regions. */
type Consensus = readonly { tool: string; points: { x: number; y: number }[] }[];

/** A reading with each consensus contour in place of its tool's polygon (added where absent). */
function withConsensus(payload: Payload, consensus: Consensus): Payload {
  const shapes = payload.shapes.filter(
    (s) =>
      !(s.kind === 'polygon' && (s.frame ?? 0) === 0 && consensus.some((c) => c.tool === s.tool)),
  );
  for (const { tool, points } of consensus) {
    const before = payload.shapes.find((s) => s.kind === 'polygon' && s.tool === tool);
    shapes.push({
      ...(before ?? { kind: 'polygon', tool }),
      kind: 'polygon',
      id: `consensus-${tool}`,
      tool,
      points,
    });
  }
  return { ...payload, shapes };
}

/**
 * The adjudication queue of a collection and, for one image, every reading side by side: the
 * senior reader picks one, or edits one or the consensus contour (labels, values and shapes) as
 * the reference standard.
 */
export function AdjudicationPage({
  collectionId,
  imageId,
}: {
  collectionId: number;
  imageId: number | null;
}) {
  const queue = useQuery(adjudicationQuery(collectionId));
  const queries = useQueryClient();
  const items = queue.data?.items ?? [];
  const open = (id: number) => navigate(`/collections/${collectionId}/adjudication/${id}`);
  const next = () => {
    const pending = items.find((i) => i.decidedAt === null && i.imageId !== imageId);
    // A decision changes the queue, the case and the agreement report's reference figures.
    void queries.invalidateQueries({ queryKey: keys.collection(collectionId) });
    if (pending) open(pending.imageId);
  };
  return (
    <div className="page wide">
      <p>
        <Link href={`/collections/${collectionId}/agreement`}>← Agreement</Link>
      </p>
      <h1>Adjudication</h1>
      <LoadStatus query={queue} />
      {queue.data && (
        <div className="adjudication">
          <nav aria-label="Adjudication queue">
            <p className="muted" data-testid="adjudication-pending">
              {queue.data.pending} of {items.length} to decide
            </p>
            <ul className="queue">
              {items.map((item) => (
                <li key={item.imageId} aria-current={item.imageId === imageId ? 'true' : undefined}>
                  <Link href={`/collections/${collectionId}/adjudication/${item.imageId}`}>
                    Image {item.imageId} {item.decidedAt ? '✓ decided' : ''}
                  </Link>
                  <span className="muted">{item.reasons.join('; ')}</span>
                </li>
              ))}
            </ul>
          </nav>
          {imageId !== null && (
            <CaseView
              key={imageId}
              collectionId={collectionId}
              imageId={imageId}
              onDecided={next}
            />
          )}
        </div>
      )}
    </div>
  );
}

function CaseView({
  collectionId,
  imageId,
  onDecided,
}: {
  collectionId: number;
  imageId: number;
  onDecided: () => void;
}) {
  const path = { params: { path: { id: collectionId, imageId } } };
  const loaded = useQuery(adjudicationCaseQuery(collectionId, imageId));
  const [editing, setEditing] = useState<{ source: string; payload: Payload } | null>(null);
  const [referenceCase, setReferenceCase] = useState(false);
  const [error, setError] = useState('');
  const c = loaded.data;
  if (!c) return <LoadStatus query={loaded} />;
  const decide = async (
    body:
      | { method: 'picked'; fromAnnotationIds: number[] }
      | { method: 'edited'; fromAnnotationIds: number[]; payload: Payload },
  ) => {
    try {
      unwrap(
        await api.PUT('/api/collections/{id}/adjudication/{imageId}', {
          ...path,
          body: { ...body, referenceCase },
        }),
      );
      setEditing(null);
      onDecided();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <section className="case" aria-label={`Image ${imageId}`}>
      <h2>Image {imageId}</h2>
      <p data-testid="adjudication-reasons">{c.reasons.join('; ') || 'The readers agree.'}</p>
      <Reference reference={c.reference} readers={c.readings} />
      <label className="row">
        <input
          type="checkbox"
          checked={referenceCase}
          onChange={(e) => setReferenceCase(e.target.checked)}
        />
        Also a reference case: measure each reader's accuracy against this decision
      </label>
      <div className="readings">
        {c.readings.map((r, i) => (
          <article
            key={r.annotationId}
            className="reading"
            aria-label={`Reading of ${r.reader.name}`}
          >
            <h3 style={{ color: readerColor(i) }}>{r.reader.name}</h3>
            <ReadingView
              image={c.image}
              payload={r.payload}
              color={readerColor(i)}
              label={`Image ${imageId} as ${r.reader.name} read it`}
            />
            <ReadingFacts payload={r.payload} />
            <p className="row">
              <button
                type="button"
                onClick={() =>
                  void decide({ method: 'picked', fromAnnotationIds: [r.annotationId] })
                }
              >
                Use this reading
              </button>
              <button
                type="button"
                onClick={() =>
                  setEditing({ source: `${r.reader.name}'s reading`, payload: r.payload })
                }
              >
                Edit from this reading
              </button>
            </p>
          </article>
        ))}
      </div>
      {c.consensusContours.length > 0 && (
        <p className="row">
          <button
            type="button"
            onClick={() =>
              setEditing({
                source: 'the consensus contour',
                payload: withConsensus(c.readings[0]!.payload, c.consensusContours),
              })
            }
          >
            Edit from the consensus contour
          </button>
        </p>
      )}
      {editing && (
        <EditedReference
          key={editing.source}
          image={c.image}
          definition={c.definition}
          start={editing.payload}
          source={editing.source}
          onCancel={() => setEditing(null)}
          onSave={(payload) =>
            void decide({
              method: 'edited',
              fromAnnotationIds: c.readings.map((r) => r.annotationId),
              payload,
            })
          }
        />
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function Reference({
  reference,
  readers,
}: {
  reference: ReferenceStandard | null;
  readers: { annotationId: number; reader: { name: string } }[];
}) {
  if (!reference) return <p className="muted">No reference decided yet.</p>;
  const from = reference.fromAnnotationIds
    .map((id) => readers.find((r) => r.annotationId === id)?.reader.name ?? `#${id}`)
    .join(', ');
  return (
    <p className="reference" data-testid="adjudication-reference">
      Reference: {reference.payload.labels.join(', ') || 'no label'} — {reference.method} by{' '}
      {reference.decidedBy} on {new Date(reference.decidedAt).toLocaleString()} from {from}.
    </p>
  );
}
