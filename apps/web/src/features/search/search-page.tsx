import { useState, type FormEvent } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { META_FIELD, parseSearchQuery, SEARCH_FIELDS } from '@medlabel/schema';
import { errorMessage } from '../../api.js';
import { Link, navigate, useLocation } from '../../router.js';
import { searchPagesQuery, type search } from './search-api.js';
import { SearchBox } from './search-box.js';
import { thumbnailUrl } from '../workspace/image-info.js';

type Result = Awaited<ReturnType<typeof search>>;

/**
 * Search images, annotations, users, templates and collections with the query language. The URL
 * holds the query that ran, so its results are the ones for the `q` in the address bar.
 */
export function SearchPage() {
  const { search: params } = useLocation();
  const submitted = params.get('q') ?? '';
  const [query, setQuery] = useState(submitted);
  // The search box already shows why a query does not parse; the server would say it again.
  const runnable = submitted.trim() !== '' && parseSearchQuery(submitted).errors.length === 0;
  const results = useInfiniteQuery({ ...searchPagesQuery(submitted), enabled: runnable });

  const run = (event: FormEvent) => {
    event.preventDefault();
    if (query === submitted) void results.refetch();
    else navigate(`/search?q=${encodeURIComponent(query)}`, { replace: true });
  };
  const pages = runnable ? (results.data?.pages ?? []) : [];

  return (
    <div className="page wide">
      <h1>Search</h1>
      <form className="row search-form" onSubmit={run} role="search">
        <SearchBox value={query} onChange={setQuery} label="Query" />
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      {runnable && results.error && (
        <p className="error" role="alert">
          {errorMessage(results.error)}
        </p>
      )}
      {pages.length > 0 && <Results pages={pages} />}
      {runnable && results.hasNextPage && (
        <button
          type="button"
          disabled={results.isFetchingNextPage}
          onClick={() => void results.fetchNextPage()}
        >
          More results
        </button>
      )}
      <details>
        <summary>Query language</summary>
        <p>
          Terms separated by spaces must all hold; <code>OR</code> between terms makes either enough
          (<code>label:A OR label:B status:done</code> means A, or B and done); parentheses group;{' '}
          <code>-</code> excludes a term or a group (<code>-(modality:CT OR modality:MR)</code>);
          quote values with spaces (<code>label:&quot;CW Doppler&quot;</code>); <code>&gt;</code>,{' '}
          <code>&lt;</code>, <code>&gt;=</code>, <code>&lt;=</code> compare numbers and dates.
        </p>
        <table aria-label="Search fields">
          <tbody>
            {Object.entries(SEARCH_FIELDS).map(([name, field]) => (
              <tr key={name}>
                <th scope="row">
                  <code>{name}:</code>
                </th>
                <td>
                  {field.description}
                  {'values' in field && <span className="muted"> ({field.values.join(', ')})</span>}
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">
                <code>{META_FIELD.prefix}&lt;key&gt;:</code>
              </th>
              <td>{META_FIELD.description}</td>
            </tr>
          </tbody>
        </table>
      </details>
    </div>
  );
}

function Results({ pages }: { pages: Result[] }) {
  const type = pages[0]!.type;
  const count = pages.reduce((n, p) => n + p.items.length, 0);
  return (
    <section aria-label="Results">
      <p role="status" data-testid="search-count">
        {count} {type}(s)
      </p>
      <ul className={`results ${type}`}>
        {pages.flatMap((page) => {
          switch (page.type) {
            case 'image':
              return page.items.map((i) => (
                <li key={`i${i.id}`} data-result-id={i.id} className="result-image">
                  <img src={thumbnailUrl(i)} alt="" loading="lazy" />
                  <span>
                    #{i.id} · {i.modality ?? '—'} {i.mode ?? ''} {i.bodyPart ?? ''}
                  </span>
                  <span className="muted">
                    {i.width}×{i.height}
                    {i.frames > 1 ? ` · ${i.frames} frames` : ''}
                  </span>
                </li>
              ));
            case 'annotation':
              return page.items.map((a) => (
                <li key={`a${a.id}`} data-result-id={a.id}>
                  Annotation #{a.id} of image #{a.imageId} in{' '}
                  <Link href={`/collections/${a.collectionId}/annotate`}>
                    collection #{a.collectionId}
                  </Link>{' '}
                  · {a.source} · {a.status} · {a.payload.labels.join(', ') || 'no labels'} ·{' '}
                  {a.payload.shapes.length} shape(s)
                </li>
              ));
            case 'user':
              return page.items.map((u) => (
                <li key={`u${u.id}`} data-result-id={u.id}>
                  {u.name} · {u.email} · {u.role}
                </li>
              ));
            case 'template':
              return page.items.map((t) => (
                <li key={`t${t.id}`} data-result-id={t.id}>
                  <Link href={`/templates/${t.id}`}>{t.name}</Link> v{t.version}
                </li>
              ));
            case 'collection':
              return page.items.map((c) => (
                <li key={`c${c.id}`} data-result-id={c.id}>
                  <Link href={`/collections/${c.id}`}>{c.name}</Link> · {c.imageCount} images
                </li>
              ));
          }
        })}
      </ul>
    </section>
  );
}
