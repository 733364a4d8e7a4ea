import { describe, expect, it } from 'vitest';
import { createLoopBody, defaultLoopForm } from '../src/features/loops/loop-form.js';

describe('createLoopBody', () => {
  it('sends the defaults the server would apply, shares as fractions', () => {
    expect(createLoopBody({ ...defaultLoopForm(7), name: ' Chest loop ' })).toEqual({
      name: 'Chest loop',
      collectionId: 7,
      classifier: 'cnn',
      features: { kind: 'pixels', size: 28 },
      routing: { strategy: 'threshold', threshold: 0.9 },
      batchSize: 200,
      auditShare: 0.05,
      readersPerCase: 1,
      randomShare: 0,
      validationPerClass: 10,
      retrainPolicy: 'manual',
      trainingLabel: 'readers',
      batchSource: { kind: 'collection' },
    });
  });

  it('writes adaptive routing, epochs, a search source and shares without float noise', () => {
    const body = createLoopBody({
      ...defaultLoopForm(1),
      routing: 'adaptive',
      targetErrorPercent: 1.5,
      auditPercent: 7,
      randomPercent: 25,
      epochs: '4',
      batchSource: 'search',
      query: 'modality:CR',
    });
    expect(body).toMatchObject({
      routing: { strategy: 'adaptive', targetError: 0.015 },
      auditShare: 0.07,
      randomShare: 0.25,
      epochs: 4,
      batchSource: { kind: 'search', q: 'modality:CR' },
    });
  });

  it('gives the SVM and logistic regression metadata keys, or leaves features to the server', () => {
    const svm = { ...defaultLoopForm(1), classifier: 'svm' as const };
    expect(createLoopBody({ ...svm, metadataKeys: 'radius, area ,' }).features).toEqual({
      kind: 'metadata',
      keys: ['radius', 'area'],
    });
    expect(createLoopBody(svm).features).toBeUndefined();
    expect(createLoopBody({ ...svm, featureKind: 'pixels', pixelSize: 16 }).features).toEqual({
      kind: 'pixels',
      size: 16,
    });
  });
});
