import { useState } from 'react';
import { api, unwrap, type Loop } from '../../api.js';
import { ErrorText } from '../../components/status.js';
import { JobProgress } from './job-progress.js';
import { loopActions, PHASE_TEXT } from './loop-phase.js';

type Step = 'prelabel' | 'train' | 'cancel';

const ASK = {
  prelabel: (id: number) => api.POST('/api/loops/{id}/prelabel', { params: { path: { id } } }),
  train: (id: number) => api.POST('/api/loops/{id}/train', { params: { path: { id } } }),
  cancel: (id: number) => api.POST('/api/loops/{id}/cancel', { params: { path: { id } } }),
} satisfies Record<Step, (id: number) => Promise<unknown>>;

/** Where the loop stands, its job's progress, and the buttons for the next step. */
export function LoopControls({ loop, onChanged }: { loop: Loop; onChanged: () => void }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const allowed = loopActions(loop);
  const ask = async (step: Step) => {
    setBusy(true);
    setError(undefined);
    try {
      unwrap(await ASK[step](loop.id));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      onChanged();
    }
  };
  const button = (step: Step, text: string, className?: string) => (
    <button
      type="button"
      className={className}
      disabled={busy || !allowed[step]}
      onClick={() => void ask(step)}
    >
      {text}
    </button>
  );
  return (
    <section className="card stack loop-controls" aria-labelledby="status-title">
      <h2 id="status-title">
        Status:{' '}
        <span className={`phase ${loop.phase}`} data-testid="loop-phase" data-phase={loop.phase}>
          {PHASE_TEXT[loop.phase]}
        </span>
      </h2>
      <p className="muted">
        Newest model: {loop.modelRound < 0 ? 'none yet' : `round ${loop.modelRound}`} · newest
        batch: {loop.batchRound === 0 ? 'none yet' : `round ${loop.batchRound}`} · validation set:{' '}
        {loop.validationSize} images
      </p>
      {loop.job && <JobProgress job={loop.job} />}
      <div className="row">
        {button('prelabel', 'Pre-label next batch', 'primary')}
        {button('train', 'Train next model', 'primary')}
        {button('cancel', 'Cancel job', 'danger')}
      </div>
      <ErrorText error={error} />
    </section>
  );
}
