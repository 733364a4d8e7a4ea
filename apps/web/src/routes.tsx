import type { ReactNode } from 'react';
import { matchPath, useLocation } from './router.js';
import { DesktopPage } from './features/desktop/desktop-page.js';
import { WorkspacePage } from './features/workspace/workspace-page.js';
import { UsersPage } from './features/users/users-page.js';
import { TemplatesPage } from './features/templates/templates-page.js';
import { TemplateBuilderPage } from './features/templates/template-builder-page.js';
import { ImagesPage } from './features/images/images-page.js';
import { SourcesPage } from './features/sources/sources-page.js';
import { CollectionsPage } from './features/collections/collections-page.js';
import { CollectionPage } from './features/collections/collection-page.js';
import { ReportPage } from './features/reports/report-page.js';
import { SearchPage } from './features/search/search-page.js';
import { ReviewPage } from './features/review/review-page.js';
import { LoopsPage } from './features/loops/loops-page.js';
import { LoopSetupPage } from './features/loops/loop-setup-page.js';
import { LoopPage } from './features/loops/loop-page.js';
import { AgreementPage } from './features/agreement/agreement-page.js';
import { AdjudicationPage } from './features/agreement/adjudication-page.js';

type Route = readonly [pattern: string, render: (params: Record<string, string>) => ReactNode];

const ROUTES: readonly Route[] = [
  ['/', () => <DesktopPage />],
  ['/collections/:id/annotate', (p) => <WorkspacePage collectionId={Number(p.id)} />],
  ['/collections/:id/review', (p) => <ReviewPage collectionId={Number(p.id)} />],
  ['/collections/:id/report', (p) => <ReportPage collectionId={Number(p.id)} />],
  ['/collections/:id/agreement', (p) => <AgreementPage collectionId={Number(p.id)} />],
  [
    '/collections/:id/adjudication/:imageId',
    (p) => <AdjudicationPage collectionId={Number(p.id)} imageId={Number(p.imageId)} />,
  ],
  [
    '/collections/:id/adjudication',
    (p) => <AdjudicationPage collectionId={Number(p.id)} imageId={null} />,
  ],
  ['/collections/:id', (p) => <CollectionPage key={p.id} collectionId={Number(p.id)} />],
  ['/collections', () => <CollectionsPage />],
  ['/loops', () => <LoopsPage />],
  ['/loops/new', () => <LoopSetupPage />],
  ['/loops/:id', (p) => <LoopPage key={p.id} loopId={Number(p.id)} />],
  ['/images', () => <ImagesPage />],
  ['/sources', () => <SourcesPage />],
  ['/search', () => <SearchPage />],
  ['/users', () => <UsersPage />],
  ['/templates', () => <TemplatesPage />],
  ['/templates/new', () => <TemplateBuilderPage templateId={null} />],
  ['/templates/:id', (p) => <TemplateBuilderPage key={p.id} templateId={Number(p.id)} />],
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
