import { useQuery } from '@tanstack/react-query';
import { LoadStatus } from '../../components/status.js';
import { Link } from '../../router.js';
import { PHASE_TEXT } from './loop-phase.js';
import { loopsQuery } from './loops-api.js';

/** The labeling loops of the collections I manage, and the way to start one. */
export function LoopsPage() {
  const loops = useQuery(loopsQuery());
  return (
    <div className="page wide">
      <h1>Labeling loops</h1>
      <p className="row">
        <Link className="button primary" href="/loops/new">
          New labeling loop
        </Link>
      </p>
      <LoadStatus query={loops} />
      {loops.data?.length === 0 && <p>No loop yet: start one on a collection you manage.</p>}
      {loops.data && loops.data.length > 0 && (
        <table aria-label="Labeling loops">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Classifier</th>
              <th scope="col">Status</th>
              <th scope="col">Newest model</th>
              <th scope="col">Newest batch</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {loops.data.map((loop) => (
              <tr key={loop.id} data-loop-id={loop.id}>
                <td>
                  <Link href={`/loops/${loop.id}`}>{loop.name}</Link>
                </td>
                <td>{loop.classifier.toUpperCase()}</td>
                <td>{PHASE_TEXT[loop.phase]}</td>
                <td>{loop.modelRound < 0 ? '—' : `round ${loop.modelRound}`}</td>
                <td>{loop.batchRound === 0 ? '—' : `round ${loop.batchRound}`}</td>
                <td>{new Date(loop.createdAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
