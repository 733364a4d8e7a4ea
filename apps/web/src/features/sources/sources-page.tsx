import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Schemas } from '@medlabel/api-client';
import { api, unwrap } from '../../api.js';
import { keys, sourcesQuery } from '../../queries.js';
import { TemplateSelect } from '../../components/template-select.js';
import { ErrorText, LoadStatus } from '../../components/status.js';
import { navigate } from '../../router.js';
import { useSession } from '../../session.js';

type Series = Schemas['SourceSeries'];
type SeriesQuery = {
  [key in 'modality' | 'bodyPart' | 'studyDescription' | 'seriesDescription']?: string;
};

const FILTERS: [keyof SeriesQuery, string, string][] = [
  ['modality', 'Modality', 'CT'],
  ['bodyPart', 'Body part', 'CHEST'],
  ['studyDescription', 'Study description', '*brain*'],
  ['seriesDescription', 'Series description', '*AX*'],
];

/**
 * Image servers (DICOMweb) whose images stay where they are: admins register them; researchers
 * search one for series and make a collection of them. Our server talks to the source; the
 * browser only ever talks to our server.
 */
export function SourcesPage() {
  const { user } = useSession();
  const sources = useQuery(sourcesQuery());
  const queries = useQueryClient();
  const [sourceId, setSourceId] = useState<number | ''>('');
  return (
    <div className="page wide">
      <h1>Image sources</h1>
      {user.role === 'admin' && (
        <Register onDone={() => void queries.invalidateQueries({ queryKey: keys.sources })} />
      )}
      <LoadStatus query={sources} />
      {sources.data?.length === 0 && <p className="muted">No image source is registered.</p>}
      {(sources.data?.length ?? 0) > 0 && (
        <label>
          Source
          <select
            value={sourceId}
            onChange={(e) => setSourceId(e.target.value === '' ? '' : Number(e.target.value))}
          >
            <option value="">—</option>
            {sources.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.baseUrl})
              </option>
            ))}
          </select>
        </label>
      )}
      {sourceId !== '' && <SeriesSearch key={sourceId} sourceId={sourceId} />}
    </div>
  );
}

function Register({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [authorization, setAuthorization] = useState('');
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      unwrap(
        await api.POST('/api/sources', {
          body: { name, baseUrl, ...(authorization ? { authorization } : {}) },
        }),
      );
      setName('');
      setBaseUrl('');
      setAuthorization('');
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <details className="card create">
      <summary>Register a DICOMweb server</summary>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <div className="row">
          <label>
            Name
            <input type="text" required value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            Base URL (QIDO-RS, WADO-RS, STOW-RS)
            <input
              type="url"
              required
              placeholder="https://pacs.example.org/dicom-web"
              value={baseUrl}
              onChange={(e) => setBaseUrl(e.target.value)}
            />
          </label>
          <label>
            Authorization header (kept on the server)
            <input
              type="password"
              autoComplete="off"
              placeholder="Basic … or Bearer …"
              value={authorization}
              onChange={(e) => setAuthorization(e.target.value)}
            />
          </label>
        </div>
        <ErrorText error={error} />
        <button type="submit" className="primary">
          Register
        </button>
      </form>
    </details>
  );
}

function SeriesSearch({ sourceId }: { sourceId: number }) {
  const [filters, setFilters] = useState<SeriesQuery>({});
  const [found, setFound] = useState<Series[]>();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
      const series = unwrap(
        await api.GET('/api/sources/{id}/series', {
          params: { path: { id: sourceId }, query },
        }),
      );
      setFound(series);
      setChosen(new Set(series.map((s) => s.seriesUid)));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="stack">
      <form className="row" onSubmit={(e) => void search(e)} aria-label="Search the source">
        {FILTERS.map(([key, label, example]) => (
          <label key={key}>
            {label}
            <input
              type="text"
              placeholder={example}
              value={filters[key] ?? ''}
              onChange={(e) => setFilters({ ...filters, [key]: e.target.value })}
            />
          </label>
        ))}
        <button type="submit" disabled={busy}>
          {busy ? 'Searching…' : 'Search'}
        </button>
      </form>
      <ErrorText error={error} />
      {found && (
        <table aria-label="Series">
          <thead>
            <tr>
              <th scope="col">Use</th>
              <th scope="col">Modality</th>
              <th scope="col">Body part</th>
              <th scope="col">Study date</th>
              <th scope="col">Study</th>
              <th scope="col">Series</th>
              <th scope="col">Instances</th>
            </tr>
          </thead>
          <tbody>
            {found.map((s) => (
              <tr key={s.seriesUid}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Use series ${s.seriesDescription ?? s.seriesUid}`}
                    checked={chosen.has(s.seriesUid)}
                    onChange={(e) => {
                      const next = new Set(chosen);
                      if (e.target.checked) next.add(s.seriesUid);
                      else next.delete(s.seriesUid);
                      setChosen(next);
                    }}
                  />
                </td>
                <td>{s.modality ?? '—'}</td>
                <td>{s.bodyPart ?? '—'}</td>
                <td>{s.studyDate ?? '—'}</td>
                <td>{s.studyDescription ?? '—'}</td>
                <td>{s.seriesDescription ?? '—'}</td>
                <td>{s.instances ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {found?.length === 0 && <p className="muted">No series match.</p>}
      {found && chosen.size > 0 && (
        <CreateCollection
          sourceId={sourceId}
          series={found.filter((s) => chosen.has(s.seriesUid))}
        />
      )}
    </section>
  );
}

function CreateCollection({ sourceId, series }: { sourceId: number; series: Series[] }) {
  const [name, setName] = useState('');
  const [templateId, setTemplateId] = useState<number | ''>('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const queries = useQueryClient();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (templateId === '') return;
    setBusy(true);
    setError(undefined);
    try {
      const { ids } = unwrap(
        await api.POST('/api/sources/{id}/series/import', {
          params: { path: { id: sourceId } },
          body: { series: series.map(({ studyUid, seriesUid }) => ({ studyUid, seriesUid })) },
        }),
      );
      const created = unwrap(
        await api.POST('/api/collections', { body: { name, templateId, imageIds: ids } }),
      );
      void queries.invalidateQueries({ queryKey: keys.collections });
      void queries.invalidateQueries({ queryKey: keys.images });
      navigate(`/collections/${created.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} aria-label="New collection">
      <h2>
        New collection of {series.length} series (
        {series.reduce((n, s) => n + (s.instances ?? 0), 0)} images)
      </h2>
      <div className="row">
        <label>
          Name
          <input type="text" required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <TemplateSelect value={templateId} onChange={setTemplateId} />
      </div>
      <ErrorText error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Creating…' : 'Create collection'}
      </button>
    </form>
  );
}
