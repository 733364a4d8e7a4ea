import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Loop } from '../../api.js';
import { collectionQuery, keys } from '../../queries.js';
import { formatPercent } from '../../components/format.js';
import { LoadStatus } from '../../components/status.js';
import { Link } from '../../router.js';
import { LoopControls } from './loop-controls.js';
import { LoopDashboard } from './loop-dashboard.js';
import { dashboardQuery, loopQuery, modelsQuery } from './loops-api.js';
import { LoopModels } from './loop-models.js';
import { ReviewLinks } from './review-links.js';
import { BackLink } from '../../components/back-link.js';

/** The loop's settings in one line. */
function configText({ classifier, config }: Loop): string {
  const features =
    config.features.kind === 'pixels'
      ? `${config.features.size}×${config.features.size} pixels`
      : `metadata ${config.features.keys.join(', ')}`;
  const routing =
    config.routing.strategy === 'threshold'
      ? `threshold ${formatPercent(config.routing.threshold)}`
      : `adaptive, target error ${formatPercent(config.routing.targetError, 1)}`;
  const source =
    config.batchSource.kind === 'collection'
      ? 'unlabeled images'
      : `search “${config.batchSource.q}”`;
  return [
    `${classifier.toUpperCase()} on ${features}`,
    routing,
    `batches of ${config.batchSize} (${source})`,
    `audit ${formatPercent(config.auditShare)}`,
    `random ${formatPercent(config.randomShare)}`,
    `${config.readersPerCase} reader(s) per hard case`,
    `${config.retrainPolicy} retraining`,
    ...(config.trainingLabel === 'consensus' ? ['trained on the consensus'] : []),
    ...(config.epochs === undefined
      ? []
      : [`${config.epochs} epoch${config.epochs === 1 ? '' : 's'}`]),
  ].join(' · ');
}

/**
 * One labeling loop: where it stands with its job's live progress, the buttons for the next
 * step, the newest batch's review collections, the dashboard and the model versions.
 */
export function LoopPage({ loopId }: { loopId: number }) {
  const loop = useQuery(loopQuery(loopId));
  if (!loop.data) {
    return (
      <div className="page">
        <LoadStatus query={loop} />
      </div>
    );
  }
  return <LoopView loop={loop.data} />;
}

function LoopView({ loop: l }: { loop: Loop }) {
  const queries = useQueryClient();
  // The figures stay on screen while those of the loop's next step load.
  const dashboard = useQuery({ ...dashboardQuery(l), placeholderData: keepPreviousData });
  const models = useQuery({ ...modelsQuery(l), placeholderData: keepPreviousData });
  const collection = useQuery(collectionQuery(l.collectionId));
  const newest = dashboard.data?.rounds.find((r) => r.round === l.batchRound)?.batch;
  return (
    <div className="page wide stack">
      <BackLink href="/loops">Labeling loops</BackLink>
      <div>
        <h1>{l.name}</h1>
        <p className="muted">
          On{' '}
          <Link href={`/collections/${l.collectionId}`}>
            {collection.data?.name ?? `collection #${l.collectionId}`}
          </Link>{' '}
          · labels {l.classNames.join(', ')}
        </p>
        <p className="muted" data-testid="loop-config">
          {configText(l)}
        </p>
      </div>
      <div className="two-columns">
        <LoopControls
          loop={l}
          onChanged={() => void queries.invalidateQueries({ queryKey: keys.loop(l.id) })}
        />
        <section className="card stack" aria-labelledby="review-title">
          <h2 id="review-title">Hard cases to review</h2>
          {newest ? (
            <ReviewLinks collections={newest.collections} />
          ) : (
            <p className="muted">No batch pre-labeled yet.</p>
          )}
        </section>
      </div>
      <LoadStatus query={dashboard} />
      {dashboard.data && <LoopDashboard dashboard={dashboard.data} models={models.data ?? []} />}
      <LoadStatus query={models} />
      {models.data && <LoopModels models={models.data} />}
    </div>
  );
}
