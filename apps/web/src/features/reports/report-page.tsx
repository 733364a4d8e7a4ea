import { useQuery } from '@tanstack/react-query';
import { collectionQuery, reportQuery } from '../../queries.js';
import { formatDuration } from '../../components/format.js';
import { LoadStatus } from '../../components/status.js';
import { Link } from '../../router.js';
import { BarChart } from './report-chart.js';
import { BackLink } from '../../components/back-link.js';

const DONE = '#1a7f37';
const PROGRESS = '#bf8700';
const TODO = '#cf222e';
const DRAFT = '#8c959f';

/** Completeness per collection and per annotator, with a chart and CSV export. */
export function ReportPage({ collectionId }: { collectionId: number }) {
  const report = useQuery(reportQuery(collectionId));
  const collection = useQuery(collectionQuery(collectionId));
  const r = report.data;
  return (
    <div className="page wide">
      <BackLink href={`/collections/${collectionId}`}>
        {collection.data?.name ?? 'Collection'}
      </BackLink>
      <h1>Progress report</h1>
      <LoadStatus query={report} />
      {r && (
        <>
          <dl className="summary" data-testid="report-summary">
            <div>
              <dt>Images</dt>
              <dd data-testid="report-images">{r.images}</dd>
            </div>
            <div>
              <dt>Done ({r.readersPerImage} reader(s) each)</dt>
              <dd data-testid="report-done">{r.done}</dd>
            </div>
            <div>
              <dt>In progress</dt>
              <dd data-testid="report-in-progress">{r.inProgress}</dd>
            </div>
            <div>
              <dt>Not started</dt>
              <dd data-testid="report-todo">{r.todo}</dd>
            </div>
          </dl>
          <BarChart
            title="Images by status"
            max={r.images}
            rows={[
              {
                label: 'Collection',
                parts: [
                  { name: 'done', value: r.done, color: DONE },
                  { name: 'in progress', value: r.inProgress, color: PROGRESS },
                  { name: 'not started', value: r.todo, color: TODO },
                ],
              },
            ]}
          />
          <h2>Per annotator</h2>
          <BarChart
            title="Annotations per annotator: submitted and drafts"
            max={Math.max(1, ...r.annotators.map((a) => a.submitted + a.drafts))}
            rows={r.annotators.map((a) => ({
              label: a.name,
              parts: [
                { name: 'submitted', value: a.submitted, color: DONE },
                { name: 'drafts', value: a.drafts, color: DRAFT },
              ],
            }))}
          />
          <table aria-label="Per annotator">
            <thead>
              <tr>
                <th scope="col">Annotator</th>
                <th scope="col">Submitted</th>
                <th scope="col">Drafts</th>
                <th scope="col">Time spent</th>
                <th scope="col">Mean time per image</th>
              </tr>
            </thead>
            <tbody>
              {r.annotators.map((a) => (
                <tr key={a.userId} data-annotator-email={a.email}>
                  <td>
                    {a.name} <span className="muted">{a.email}</span>
                  </td>
                  <td>{a.submitted}</td>
                  <td>{a.drafts}</td>
                  <td>{formatDuration(a.timeSpentMs)}</td>
                  <td>{a.meanTimeMs === null ? '—' : formatDuration(a.meanTimeMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="row">
            <Link className="button" href={`/collections/${collectionId}/agreement`}>
              Agreement between readers
            </Link>
            <a className="button" href={`/api/collections/${collectionId}/report.csv`} download>
              Export report (CSV)
            </a>
            <a className="button" href={`/api/collections/${collectionId}/export.json`} download>
              Export annotations (JSON)
            </a>
            <a className="button" href={`/api/collections/${collectionId}/export.csv`} download>
              Export annotations (CSV)
            </a>
            <a
              className="button"
              href={`/api/collections/${collectionId}/export.coco.json`}
              download
            >
              Export shapes (COCO)
            </a>
            <a
              className="button"
              href={`/api/collections/${collectionId}/export.sr.zip`}
              download
              title="DICOM SR measurement reports (TID 1500), one per study, of the annotated DICOM images"
            >
              Export DICOM SR
            </a>
            <a
              className="button"
              href={`/api/collections/${collectionId}/export.seg.zip`}
              download
              title="DICOM SEG of the contours, one per series"
            >
              Export DICOM SEG
            </a>
          </p>
        </>
      )}
    </div>
  );
}
