import type { ReactNode } from 'react';
import { matchPath, useLocation } from './router.js';
import { DesktopPage } from './features/desktop/desktop-page.js';
import { WorkspacePage } from './features/workspace/workspace-page.js';

type Route = readonly [pattern: string, render: (params: Record<string, string>) => ReactNode];

const ROUTES: readonly Route[] = [
  ['/', () => <DesktopPage />],
  ['/collections/:id/annotate', (p) => <WorkspacePage collectionId={Number(p.id)} />],
];

/** Picks the page for the current path. */
export function Routes() {
  const { pathname } = useLocation();
  for (const [pattern, render] of ROUTES) {
    const params = matchPath(pattern, pathname);
    if (params) return <>{render(params)}</>;
  }
  return (
    <div className="page">
      <h1>Not found</h1>
      <p>There is no page at {pathname}.</p>
    </div>
  );
}
