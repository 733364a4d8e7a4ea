import type { ReactNode } from 'react';
import { Link } from '../router.js';

/**
 * The link back to the page above, with its arrow drawn rather than typed: the ← character is
 * missing from some system fonts and rendered as an underlined gap there.
 */
export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <p className="back-link">
      <Link href={href}>
        <svg aria-hidden="true" viewBox="0 0 16 16" width="12" height="12">
          <path d="M10.5 2.5 5 8l5.5 5.5" fill="none" stroke="currentColor" strokeWidth="2" />
        </svg>
        {children}
      </Link>
    </p>
  );
}
