import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@medlabel/api-client';
import { api, errorMessage, unwrap } from '../../api.js';
import { assignmentsQuery, collectionQuery, keys } from '../../queries.js';
import { LoadStatus } from '../../components/status.js';
import { Link } from '../../router.js';
import { agreementQuery, readingStudyQuery, type AgreementReport } from './agreement-api.js';
import { ElementTables, type ReaderNames } from './element-tables.js';
import { interval, percent } from './format.js';

type Settings = Schemas['StudySettings'];

/**
 * The reading study of a collection: agreement between its readers per task element, the
 * methods paragraph, the CSV, and the thresholds that send images to adjudication.
 */
export function AgreementPage({ collectionId }: { collectionId: number }) {
  const report = useQuery(agreementQuery(collectionId));
  const collection = useQuery(collectionQuery(collectionId));
  const queries = useQueryClient();
  // Settings and paused readers change the report and the adjudication queue.
  const changed = () => void queries.invalidateQueries({ queryKey: keys.collection(collectionId) });
  const r = report.data;
  const name = (index: number | undefined) =>
    index === undefined ? '?' : `${index + 1}. ${r?.readers[index]?.name ?? '?'}`;
  return (
    <div className="page wide">
      <p>
        <Link href={`/collections/${collectionId}`}>← {collection.data?.name ?? 'Collection'}</Link>
      </p>
      <h1>Agreement between readers</h1>
      <LoadStatus query={report} />
      {r && (
        <>
          <dl className="summary" data-testid="agreement-summary">
            <div>
              <dt>Readers</dt>
              <dd>{r.readers.length}</dd>
            </div>
            <div>
              <dt>Images read</dt>
              <dd>{r.images}</dd>
            </div>
            <div>
              <dt>With two or more readings</dt>
              <dd>{r.imagesWithTwoReadings}</dd>
            </div>
            <div>
              <dt>To adjudicate</dt>
              <dd data-testid="agreement-disagreements">
                <Link href={`/collections/${collectionId}/adjudication`}>{r.disagreements}</Link>
              </dd>
            </div>
          </dl>
          <p className="muted">
            Readers:{' '}
            {r.readers.map((reader, i) => `${name(i)} (${reader.readings} readings)`).join(', ')}.
          </p>
          {r.elements.map((e) => (
            <section key={e.key} aria-label={e.title}>
              <h2>
                {e.title} <span className="muted">({e.kind})</span>
              </h2>
              <ElementTables e={e} name={name} />
            </section>
          ))}
          <ReferenceAccuracyTable
            collectionId={collectionId}
            report={r}
            name={name}
            onChanged={changed}
          />
          <h2>Methods</h2>
          <blockquote className="methods" data-testid="agreement-methods">
            {r.methods}
          </blockquote>
          <p className="row">
            <a className="button" href={`/api/collections/${collectionId}/agreement.csv`} download>
              Download tables (CSV)
            </a>
            <a className="button" href={`/api/collections/${collectionId}/agreement.json`} download>
              Download report and consensus contours (JSON)
            </a>
            <Link className="button" href={`/collections/${collectionId}/adjudication`}>
              Adjudication queue
            </Link>
          </p>
          <StudySettingsForm collectionId={collectionId} onSaved={changed} />
        </>
      )}
    </div>
  );
}

/** Each reader's accuracy on the reference cases, with a pause for readers below the bar. */
function ReferenceAccuracyTable({
  collectionId,
  report,
  name,
  onChanged,
}: {
  collectionId: number;
  report: AgreementReport;
  name: ReaderNames;
  onChanged: () => void;
}) {
  const [error, setError] = useState('');
  if (report.referenceAccuracy.length === 0) return null;
  const setPaused = async (userId: number, paused: boolean) => {
    try {
      unwrap(
        await api.PUT('/api/collections/{id}/paused-readers/{userId}', {
          params: { path: { id: collectionId, userId } },
          body: { paused },
        }),
      );
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <section aria-label="Reference cases">
      <h2>Reference cases</h2>
      <table aria-label="Accuracy on reference cases">
        <thead>
          <tr>
            <th scope="col">Reader</th>
            <th scope="col">Reference cases read</th>
            <th scope="col">Correct</th>
            <th scope="col">Accuracy (Wilson 95% CI)</th>
            <th scope="col">
              Bar{' '}
              {report.minReferenceAccuracy === null ? '–' : percent(report.minReferenceAccuracy)}
            </th>
          </tr>
        </thead>
        <tbody>
          {report.referenceAccuracy.map((a) => {
            const reader = report.readers[a.reader]!;
            return (
              <tr key={a.reader}>
                <td>{name(a.reader)}</td>
                <td>{a.n}</td>
                <td>{a.correct}</td>
                <td data-testid={`reference-accuracy-${a.reader}`}>
                  {percent(a.accuracy)} ({interval(a.ci95)})
                </td>
                <td>
                  {a.belowBar && !reader.paused && <strong>below the bar </strong>}
                  <button type="button" onClick={() => void setPaused(reader.id, !reader.paused)}>
                    {reader.paused ? 'Resume' : 'Pause'}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** Thresholds of disagreement and the senior readers who adjudicate. */
function StudySettingsForm({
  collectionId,
  onSaved,
}: {
  collectionId: number;
  onSaved: () => void;
}) {
  const path = { params: { path: { id: collectionId } } };
  const settings = useQuery(readingStudyQuery(collectionId));
  const assignments = useQuery(assignmentsQuery(collectionId));
  const [draft, setDraft] = useState<Settings | undefined>();
  const [message, setMessage] = useState<string>('');
  const current = draft ?? settings.data;
  if (!current) return <LoadStatus query={settings} />;
  const thresholds = current.thresholds;
  const set = (change: Partial<Settings['thresholds']>) =>
    setDraft({ ...current, thresholds: { ...thresholds, ...change } });
  const adjudicatorIds = new Set(current.adjudicators.map((a) => a.id));
  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const saved = unwrap(
        await api.PUT('/api/collections/{id}/reading-study', {
          ...path,
          body: {
            thresholds,
            referenceCaseRate: current.referenceCaseRate,
            minReferenceAccuracy: current.minReferenceAccuracy,
            adjudicatorIds: [...adjudicatorIds],
          },
        }),
      );
      setDraft(saved);
      setMessage('Saved.');
      onSaved();
    } catch (error) {
      setMessage(errorMessage(error));
    }
  };
  return (
    <form className="stack" onSubmit={(e) => void save(e)} aria-label="Adjudication settings">
      <h2>Adjudication</h2>
      <p className="muted">
        An image goes to adjudication when its readers give different labels, or disagree beyond
        these thresholds. Each reader is compared with the consensus of the others: their majority
        label (a tie has none) and their median measurement; contours are compared pairwise (and
        each reader with the consensus contour in the report).
      </p>
      <label>
        Lowest pairwise Dice of contours
        <input
          type="number"
          min={0}
          max={1}
          step={0.01}
          value={thresholds.minDice}
          onChange={(e) => set({ minDice: Number(e.target.value) })}
        />
      </label>
      <label>
        Largest difference of measurements (% of their median)
        <input
          type="number"
          min={0}
          max={1000}
          step={1}
          value={Math.round(thresholds.maxRelativeDifference * 100)}
          onChange={(e) => set({ maxRelativeDifference: Number(e.target.value) / 100 })}
        />
      </label>
      <label>
        Largest distance between keypoints (mm, or px without a pixel spacing)
        <input
          type="number"
          min={0}
          max={1000}
          step={0.5}
          value={thresholds.maxKeypointMm}
          onChange={(e) => set({ maxKeypointMm: Number(e.target.value) })}
        />
      </label>
      <label>
        Reference cases mixed into each reader's queue (% of what they read)
        <input
          type="number"
          min={0}
          max={50}
          step={1}
          value={Math.round(current.referenceCaseRate * 100)}
          onChange={(e) =>
            setDraft({ ...current, referenceCaseRate: Number(e.target.value) / 100 })
          }
        />
      </label>
      <label>
        Least accuracy on reference cases (%; empty: no bar)
        <input
          type="number"
          min={0}
          max={100}
          step={1}
          value={
            current.minReferenceAccuracy === null
              ? ''
              : Math.round(current.minReferenceAccuracy * 100)
          }
          onChange={(e) =>
            setDraft({
              ...current,
              minReferenceAccuracy: e.target.value === '' ? null : Number(e.target.value) / 100,
            })
          }
        />
      </label>
      <fieldset>
        <legend>Senior readers (besides the owner and admins)</legend>
        {(assignments.data ?? []).map((a) => (
          <label key={a.userId} className="row">
            <input
              type="checkbox"
              checked={adjudicatorIds.has(a.userId)}
              onChange={(e) =>
                setDraft({
                  ...current,
                  adjudicators: e.target.checked
                    ? [...current.adjudicators, { id: a.userId, email: a.email, name: a.name }]
                    : current.adjudicators.filter((x) => x.id !== a.userId),
                })
              }
            />
            {a.name} ({a.email})
          </label>
        ))}
      </fieldset>
      <p className="row">
        <button type="submit">Save adjudication settings</button>
        <span role="status">{message}</span>
      </p>
    </form>
  );
}
