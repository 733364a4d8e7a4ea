import { useEffect, useState } from 'react';
import { parseSearchQuery } from '@medlabel/schema';
import { errorMessage } from '../../api.js';
import { search } from './search-api.js';

/**
 * A query-language input that checks the syntax as you type (with @medlabel/schema's parser,
 * as the server does) and, with `preview`, shows how many images the query finds on a first page.
 */
export function SearchBox({
  value,
  onChange,
  label,
  preview = false,
}: {
  value: string;
  onChange: (q: string) => void;
  label: string;
  preview?: boolean;
}) {
  const parsed = parseSearchQuery(value);
  const [found, setFound] = useState('');
  useEffect(() => {
    if (!preview || !value.trim() || parsed.errors.length > 0) return setFound('');
    // An answer that comes back after the query changed is stale: it is dropped.
    let current = true;
    const show = (text: string) => current && setFound(text);
    const timer = setTimeout(() => {
      search(value, undefined, 100).then(
        (r) => show(`${r.items.length}${r.next !== null ? '+' : ''} ${r.type}(s) found`),
        (e: unknown) => show(errorMessage(e)),
      );
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [value, preview, parsed.errors.length]);
  return (
    <div className="search-box">
      <label>
        {label}
        <input
          type="search"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder='modality:US label:"CW Doppler" status:done'
          aria-invalid={parsed.errors.length > 0 || undefined}
          aria-describedby="search-help"
        />
      </label>
      <p id="search-help" className={parsed.errors.length > 0 ? 'error' : 'muted'} role="status">
        {parsed.errors.length > 0 ? parsed.errors.map((e) => e.message).join('; ') : found}
      </p>
    </div>
  );
}
