import type { LoopModel } from './loops-api.js';
import { formatPercent } from '../../components/format.js';

/** Every model version of the loop: what it learned from, how it scores, how it was calibrated. */
export function LoopModels({ models }: { models: readonly LoopModel[] }) {
  return (
    <section className="stack" aria-labelledby="models-title">
      <h2 id="models-title">Model versions</h2>
      {models.length === 0 ? (
        <p className="muted">No model trained yet.</p>
      ) : (
        <div className="table-scroll">
          <table aria-label="Model versions" className="compact">
            <thead>
              <tr>
                <th scope="col">Round</th>
                <th scope="col">Algorithm</th>
                <th scope="col">Training labels (people / model)</th>
                <th scope="col">Validation accuracy</th>
                <th scope="col">Calibration error (raw → calibrated)</th>
                <th scope="col">Temperature</th>
                <th scope="col">Training time</th>
                <th scope="col">Artifact</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {models.map((m) => (
                <tr key={m.id} data-model-round={m.round}>
                  <th scope="row">{m.round}</th>
                  <td>{m.algorithm}</td>
                  <td>
                    {m.trainingSet.size} ({m.trainingSet.bySource.human} /{' '}
                    {m.trainingSet.bySource.model})
                  </td>
                  <td>{formatPercent(m.metrics.validationAccuracy, 1)}</td>
                  <td>
                    {formatPercent(m.metrics.eceRaw, 1)} →{' '}
                    {formatPercent(m.metrics.eceCalibrated, 1)}
                  </td>
                  <td>{m.calibration.temperature.toFixed(2)}</td>
                  <td>{m.metrics.trainSeconds.toFixed(1)} s</td>
                  <td>
                    <code title={m.artifactHash}>{m.artifactHash.slice(0, 12)}</code>
                  </td>
                  <td>{new Date(m.createdAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
