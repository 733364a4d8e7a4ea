import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { parseSearchQuery } from '@medlabel/schema';
import { errorMessage } from '../../api.js';
import { searchQuery } from './search-api.js';

/** How long typing pauses before the preview asks the server. */
const PREVIEW_PAUSE_MS = 300;

/** `value` once it has stayed the same for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

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
  const wanted = preview && value.trim() !== '' && parsed.errors.length === 0;
  const settled = useSettled(value, PREVIEW_PAUSE_MS);
  // Each query text has its own answer: one that comes back after the text changed is not shown.
  const count = useQuery({
    ...searchQuery(settled, 100),
    enabled: wanted && settled === value,
  });
  const found = !wanted
    ? ''
    : count.error
      ? errorMessage(count.error)
      : count.data
        ? `${count.data.items.length}${count.data.next !== null ? '+' : ''} ${count.data.type}(s) found`
        : '';
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
