import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api.js';
import { collectionsQuery, keys } from '../../queries.js';
import { TemplateSelect } from '../../components/template-select.js';
import { ErrorText, LoadStatus } from '../../components/status.js';
import { Link, navigate } from '../../router.js';
import { SearchBox } from '../search/search-box.js';

/** Collections I manage, and a form that builds a new one from an image search. */
export function CollectionsPage() {
  const collections = useQuery(collectionsQuery());
  return (
    <div className="page wide">
      <h1>Collections</h1>
      <CreateFromSearch />
      <LoadStatus query={collections} />
      <table aria-label="Collections">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Images</th>
            <th scope="col">Readers per image</th>
            <th scope="col">Links</th>
          </tr>
        </thead>
        <tbody>
          {collections.data?.map((c) => (
            <tr key={c.id}>
              <td>
                <Link href={`/collections/${c.id}`}>{c.name}</Link>
              </td>
              <td>{c.imageCount}</td>
              <td>{c.readersPerImage}</td>
              <td className="row">
                <Link href={`/collections/${c.id}/report`}>Progress</Link>
                <Link href={`/collections/${c.id}/annotate`}>Workspace</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CreateFromSearch() {
  const [query, setQuery] = useState('');
  const [name, setName] = useState('');
  const [templateId, setTemplateId] = useState<number | ''>('');
  const [readers, setReaders] = useState(1);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const queries = useQueryClient();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (templateId === '') return;
    setBusy(true);
    setError(undefined);
    try {
      const created = unwrap(
        await api.POST('/api/collections/from-search', {
          body: { name, templateId, readersPerImage: readers, q: query, metadata: { query } },
        }),
      );
      void queries.invalidateQueries({ queryKey: keys.collections });
      navigate(`/collections/${created.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="card create" open>
      <summary>New collection from a search</summary>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <SearchBox value={query} onChange={setQuery} label="Images matching" preview />
        <div className="row">
          <label>
            Name
            <input type="text" required value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <TemplateSelect value={templateId} onChange={setTemplateId} />
          <label>
            Readers per image
            <input
              type="number"
              min={1}
              max={50}
              value={readers}
              onChange={(e) => setReaders(Number(e.target.value))}
            />
          </label>
        </div>
        <ErrorText error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create collection'}
        </button>
      </form>
    </details>
  );
}
