import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api.js';
import { collectionsQuery, keys } from '../../queries.js';
import { fieldErrors, messagesAt } from '../../components/field-errors.js';
import { ErrorSummary, Field, FieldProblems } from '../../components/form-errors.js';
import { navigate, useLocation } from '../../router.js';
import { SearchBox } from '../search/search-box.js';
import {
  createLoopBody,
  defaultLoopForm,
  usesPixels,
  type Classifier,
  type LoopForm,
} from './loop-form.js';
import { BackLink } from '../../components/back-link.js';

/** The request fields the form shows, by the pointer of the server's errors about them. */
const FIELDS: readonly [pointer: string, name: string][] = [
  ['/body/name', 'Name'],
  ['/body/collectionId', 'Collection'],
  ['/body/classifier', 'Classifier'],
  ['/body/features', 'Features'],
  ['/body/epochs', 'Epochs'],
  ['/body/routing', 'Routing'],
  ['/body/batchSize', 'Batch size'],
  ['/body/auditShare', 'Audit share'],
  ['/body/readersPerCase', 'Readers per hard case'],
  ['/body/randomShare', 'Random-baseline share'],
  ['/body/validationPerClass', 'Validation images per class'],
  ['/body/retrainPolicy', 'Retraining'],
  ['/body/trainingLabel', 'Training label'],
  ['/body/batchSource', 'Batch source'],
];

/** The settings typed as numbers. */
type NumberSetting = {
  [K in keyof LoopForm]: LoopForm[K] extends number ? K : never;
}[keyof LoopForm];

const CLASSIFIERS: readonly [Classifier, string][] = [
  ['cnn', 'CNN (learns from pixels)'],
  ['svm', 'SVM'],
  ['logreg', 'Logistic regression'],
];

/**
 * Sets up a labeling loop on a collection the user manages (`?collection=` picks it): the
 * classifier and its features, how predictions are routed to people, the batches and the
 * retraining. The server checks everything (labels per class for the validation set among
 * them); its errors appear beside the fields they are about and in a list next to the form.
 */
export function LoopSetupPage() {
  const { search } = useLocation();
  const preset = Number(search.get('collection')) || '';
  const [form, setForm] = useState<LoopForm>(() => defaultLoopForm(preset));
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const collections = useQuery(collectionsQuery());
  const queries = useQueryClient();
  const set = (patch: Partial<LoopForm>) => setForm((f) => ({ ...f, ...patch }));
  const errors = fieldErrors(error);
  const at = (...pointers: string[]) => messagesAt(errors, ...pointers);
  /** The props of a number input bound to a numeric setting. */
  const number = (key: NumberSetting) => ({
    type: 'number',
    value: form[key],
    onChange: (e: ChangeEvent<HTMLInputElement>) => set({ [key]: Number(e.target.value) }),
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const loop = unwrap(await api.POST('/api/loops', { body: createLoopBody(form) }));
      void queries.invalidateQueries({ queryKey: keys.loops });
      navigate(`/loops/${loop.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page wide">
      <BackLink href="/loops">Labeling loops</BackLink>
      <h1>New labeling loop</h1>
      <div className="loop-setup">
        <form className="card stack" onSubmit={(e) => void submit(e)} aria-label="Loop settings">
          <fieldset>
            <legend>Loop</legend>
            <div className="row">
              <Field label="Name" errors={at('/body/name')}>
                <input
                  type="text"
                  required
                  value={form.name}
                  onChange={(e) => set({ name: e.target.value })}
                />
              </Field>
              <Field label="Collection" errors={at('/body/collectionId')}>
                <select
                  required
                  value={form.collectionId}
                  onChange={(e) =>
                    set({ collectionId: e.target.value === '' ? '' : Number(e.target.value) })
                  }
                >
                  <option value="">—</option>
                  {collections.data?.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name} ({c.imageCount} images)
                    </option>
                  ))}
                </select>
              </Field>
            </div>
          </fieldset>
          <fieldset>
            <legend>Model</legend>
            <div className="row">
              <Field label="Classifier" errors={at('/body/classifier')}>
                <select
                  value={form.classifier}
                  onChange={(e) => set({ classifier: e.target.value as Classifier })}
                >
                  {CLASSIFIERS.map(([value, text]) => (
                    <option key={value} value={value}>
                      {text}
                    </option>
                  ))}
                </select>
              </Field>
              {form.classifier !== 'cnn' && (
                <Field label="Features" errors={[]}>
                  <select
                    value={form.featureKind}
                    onChange={(e) =>
                      set({ featureKind: e.target.value as LoopForm['featureKind'] })
                    }
                  >
                    <option value="metadata">Metadata numbers</option>
                    <option value="pixels">Pixels</option>
                  </select>
                </Field>
              )}
              {usesPixels(form) ? (
                <Field label="Image size (pixels)" errors={at('/body/features')}>
                  <input min={8} max={64} {...number('pixelSize')} />
                </Field>
              ) : (
                <Field label="Metadata keys (comma-separated)" errors={at('/body/features')}>
                  <input
                    type="text"
                    value={form.metadataKeys}
                    placeholder="radius_mean, texture_mean"
                    onChange={(e) => set({ metadataKeys: e.target.value })}
                  />
                </Field>
              )}
              <Field label="Epochs (empty: default)" errors={at('/body/epochs')}>
                <input
                  type="number"
                  min={1}
                  max={200}
                  value={form.epochs}
                  onChange={(e) => set({ epochs: e.target.value })}
                />
              </Field>
            </div>
          </fieldset>
          <fieldset>
            <legend>Routing</legend>
            <div className="row">
              <label className="inline">
                <input
                  type="radio"
                  name="routing"
                  checked={form.routing === 'threshold'}
                  onChange={() => set({ routing: 'threshold' })}
                />
                Fixed confidence threshold
              </label>
              <label className="inline">
                <input
                  type="radio"
                  name="routing"
                  checked={form.routing === 'adaptive'}
                  onChange={() => set({ routing: 'adaptive' })}
                />
                Adaptive, for a target error
              </label>
            </div>
            <div className="row">
              {form.routing === 'threshold' ? (
                <Field label="Confidence threshold (%)" errors={at('/body/routing')}>
                  <input min={50} max={100} step="any" {...number('thresholdPercent')} />
                </Field>
              ) : (
                <Field label="Target error (%)" errors={at('/body/routing')}>
                  <input min={0.1} max={50} step="any" {...number('targetErrorPercent')} />
                </Field>
              )}
              <Field label="Audit share (%)" errors={at('/body/auditShare')}>
                <input min={0} max={50} step="any" {...number('auditPercent')} />
              </Field>
              <Field label="Random-baseline share (%)" errors={at('/body/randomShare')}>
                <input min={0} max={100} step="any" {...number('randomPercent')} />
              </Field>
              <Field label="Readers per hard case" errors={at('/body/readersPerCase')}>
                <input min={1} max={5} {...number('readersPerCase')} />
              </Field>
            </div>
          </fieldset>
          <fieldset>
            <legend>Batches</legend>
            <div className="row">
              <Field label="Batch size" errors={at('/body/batchSize')}>
                <input min={10} max={10000} {...number('batchSize')} />
              </Field>
              <Field label="Validation images per class" errors={at('/body/validationPerClass')}>
                <input min={2} max={1000} {...number('validationPerClass')} />
              </Field>
              <Field label="Retraining" errors={at('/body/retrainPolicy')}>
                <select
                  value={form.retrainPolicy}
                  onChange={(e) =>
                    set({ retrainPolicy: e.target.value as LoopForm['retrainPolicy'] })
                  }
                >
                  <option value="manual">By a click (manual)</option>
                  <option value="auto">When a batch is reviewed (auto)</option>
                </select>
              </Field>
              <Field label="Training label" errors={at('/body/trainingLabel')}>
                <select
                  value={form.trainingLabel}
                  onChange={(e) =>
                    set({ trainingLabel: e.target.value as LoopForm['trainingLabel'] })
                  }
                >
                  <option value="readers">Readers' majority (a tie: the first label)</option>
                  <option value="consensus">
                    Consensus (the adjudicated reference; ties left out)
                  </option>
                </select>
              </Field>
            </div>
            <div className="row">
              <label className="inline">
                <input
                  type="radio"
                  name="batch-source"
                  checked={form.batchSource === 'collection'}
                  onChange={() => set({ batchSource: 'collection' })}
                />
                The collection’s unlabeled images
              </label>
              <label className="inline">
                <input
                  type="radio"
                  name="batch-source"
                  checked={form.batchSource === 'search'}
                  onChange={() => set({ batchSource: 'search' })}
                />
                Images of a search
              </label>
            </div>
            {form.batchSource === 'search' && (
              <SearchBox
                value={form.query}
                onChange={(query) => set({ query })}
                label="Search query"
                preview
              />
            )}
            <FieldProblems messages={at('/body/batchSource')} />
          </fieldset>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create loop and train the first model'}
          </button>
        </form>
        <aside className="stack">
          <ErrorSummary error={error} errors={errors} names={FIELDS} />
          <div className="card stack muted">
            <h2>How the loop works</h2>
            <p>
              People’s labels in the collection train the first model; a fixed number per class is
              kept aside to validate every model. Each round the model pre-labels a batch: labels it
              is confident of are accepted, the rest go to review collections by predicted label,
              with an audit share of accepted labels checked by people. After the review the next
              model learns from everything labeled so far.
            </p>
          </div>
        </aside>
      </div>
    </div>
  );
}
