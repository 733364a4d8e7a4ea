import type { Job } from '../../api.js';
import { isActive, jobTitle } from './loop-phase.js';

/** The loop's active (else latest) job: what it does, how far it is, or why it stopped. */
export function JobProgress({ job }: { job: Job }) {
  const { phase, epoch, epochs, loss, fraction, message } = job.progress;
  const active = isActive(job);
  const steps = [
    active ? (phase ?? 'waiting for a worker') : job.state,
    epoch !== undefined && epochs !== undefined ? `epoch ${epoch} of ${epochs}` : null,
    loss !== undefined ? `loss ${loss.toFixed(3)}` : null,
    job.attempts > 1 ? `attempt ${job.attempts}` : null,
  ].filter(Boolean);
  return (
    <div className="job" data-testid="job" data-job-state={job.state}>
      <p>
        <strong>{jobTitle(job)}</strong> <span data-testid="job-progress">{steps.join(' · ')}</span>
      </p>
      {active && (
        <progress
          max={1}
          {...(fraction === undefined ? {} : { value: fraction })}
          aria-label={`${jobTitle(job)}: ${fraction === undefined ? 'starting' : `${Math.round(fraction * 100)}%`}`}
        />
      )}
      {message && <p className="muted">{message}</p>}
      {job.error && (
        <p className="error" role="alert">
          {job.error}
        </p>
      )}
    </div>
  );
}
