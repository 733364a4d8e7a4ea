import { isReader, type Actor } from '../auth/actor.js';
import type { NewImageRow } from '../db/tables.js';
import { badRequest, conflict, forbidden, invalid, notFound } from '../http/problem.js';
import type { ImagesRepository } from '../images/images.repository.js';
import { isUid, type DicomJson, type DicomWebClient } from './dicomweb-client.js';
import type { DicomWebImages } from './dicomweb-images.js';
import {
  toImageSource,
  type ImageSource,
  type NewImageSource,
  type PushResult,
  type SeriesQuery,
  type SourceSeries,
  type UpdateImageSource,
} from './sources.dto.js';
import type { SourcesRepository } from './sources.repository.js';

/** Instances one import may index (as many as an image import by URL). */
const MAX_IMPORT = 10_000;

/** DICOM JSON tags read from a source: none names a patient. */
const TAG = {
  sopClassUid: '00080016',
  sopInstanceUid: '00080018',
  studyDate: '00080020',
  accessionNumber: '00080050',
  modality: '00080060',
  studyDescription: '00081030',
  seriesDescription: '0008103E',
  bodyPart: '00180015',
  studyUid: '0020000D',
  seriesUid: '0020000E',
  instanceNumber: '00200013',
  referencedSopInstanceUid: '00081155',
  failedSops: '00081198',
  referencedSops: '00081199',
  seriesInstances: '00201209',
  photometric: '00280004',
  frames: '00280008',
  rows: '00280010',
  columns: '00280011',
  pixelSpacing: '00280030',
} as const;

/** Where the browser loads an instance of a source: through our server, never from the source. */
export function sourceImageUrl(sourceId: number, instanceUid: string): string {
  return `/api/sources/${sourceId}/instances/${instanceUid}`;
}

/** A collection's DICOM SR files, one per study (the exports' TID 1500 measurement reports). */
export type CollectionReports = (
  actor: Actor,
  collectionId: number,
) => Promise<{ bytes: Uint8Array }[]>;

/**
 * Image sources: admins register DICOMweb servers; researchers search them (QIDO-RS, on fields
 * that name no patient), index series as images whose pixels stay on the source, and push a
 * collection's structured reports back (STOW-RS).
 */
export class SourcesService {
  constructor(
    private readonly sources: SourcesRepository,
    private readonly images: ImagesRepository,
    private readonly dicomweb: DicomWebImages,
    private readonly reports: CollectionReports,
  ) {}

  async list(actor: Actor): Promise<ImageSource[]> {
    if (isReader(actor.role)) throw forbidden('Annotators and reviewers do not use image sources.');
    return (await this.sources.list()).map(toImageSource);
  }

  async register(actor: Actor, input: NewImageSource): Promise<ImageSource> {
    if (actor.role !== 'admin') throw forbidden('Only admins register image sources.');
    const baseUrl = checkBaseUrl(input.baseUrl);
    if (await this.sources.findByName(input.name))
      throw conflict(`An image source is already named ${input.name}.`);
    const row = await this.sources.insert({
      name: input.name,
      base_url: baseUrl,
      authorization: input.authorization ?? null,
      created_by: actor.id,
    });
    return toImageSource(row);
  }

  /** Seals credentials that an older version stored in clear; run by every server at start. */
  sealClearCredentials(): Promise<number> {
    return this.sources.sealClearCredentials();
  }

  /** Renames a source, moves it or changes its credentials (admins). */
  async update(actor: Actor, id: number, input: UpdateImageSource): Promise<ImageSource> {
    if (actor.role !== 'admin') throw forbidden('Only admins change image sources.');
    if (input.name !== undefined) {
      const named = await this.sources.findByName(input.name);
      if (named && named.id !== id)
        throw conflict(`An image source is already named ${input.name}.`);
    }
    const row = await this.sources.update(id, {
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.baseUrl === undefined ? {} : { base_url: checkBaseUrl(input.baseUrl) }),
      ...(input.authorization === undefined ? {} : { authorization: input.authorization }),
    });
    if (!row) throw notFound('Image source');
    return toImageSource(row);
  }

  /**
   * Deletes a source (admins). A source that images still refer to stays (409): they would lose
   * their pixels, which stay on it.
   */
  async delete(actor: Actor, id: number): Promise<void> {
    if (actor.role !== 'admin') throw forbidden('Only admins delete image sources.');
    const result = await this.sources.delete(id);
    if (result.outcome === 'missing') throw notFound('Image source');
    if (result.outcome === 'in-use')
      throw conflict(
        `${result.images} image(s) stay on this source and read their pixels from it; it cannot be deleted while they exist.`,
      );
  }

  /** QIDO-RS series matching the query, with their study's date and description. */
  async searchSeries(actor: Actor, sourceId: number, query: SeriesQuery): Promise<SourceSeries[]> {
    const client = await this.clientFor(actor, sourceId);
    const params = new URLSearchParams();
    const match: [keyof SeriesQuery, string][] = [
      ['modality', 'Modality'],
      ['bodyPart', 'BodyPartExamined'],
      ['studyDate', 'StudyDate'],
      ['studyDescription', 'StudyDescription'],
      ['seriesDescription', 'SeriesDescription'],
      ['accessionNumber', 'AccessionNumber'],
    ];
    for (const [field, keyword] of match) {
      const value = query[field];
      if (value !== undefined) params.set(keyword, String(value));
    }
    for (const tag of [TAG.studyDate, TAG.studyDescription, TAG.seriesDescription, TAG.bodyPart])
      params.append('includefield', tag);
    params.set('limit', String(query.limit ?? 100));
    if (query.offset) params.set('offset', String(query.offset));
    const found = await client.search('series', params);
    return found.flatMap((series) => {
      const studyUid = text(series, TAG.studyUid);
      const seriesUid = text(series, TAG.seriesUid);
      if (!studyUid || !seriesUid) return [];
      return [
        {
          studyUid,
          seriesUid,
          modality: text(series, TAG.modality),
          bodyPart: text(series, TAG.bodyPart),
          studyDate: text(series, TAG.studyDate),
          studyDescription: text(series, TAG.studyDescription),
          seriesDescription: text(series, TAG.seriesDescription),
          instances: numbers(series, TAG.seriesInstances)[0] ?? null,
        },
      ];
    });
  }

  /**
   * Indexes every image instance of the series (WADO-RS metadata) as an image that stays on the
   * source; instances indexed before keep their image. The ids, series by series, in instance
   * number order.
   */
  async importSeries(
    actor: Actor,
    sourceId: number,
    series: { studyUid: string; seriesUid: string }[],
  ): Promise<number[]> {
    const client = await this.clientFor(actor, sourceId);
    const instances: DicomJson[] = [];
    for (const { studyUid, seriesUid } of series) {
      const found = (await client.metadata(studyUid, seriesUid)).filter(
        (instance) =>
          text(instance, TAG.studyUid) === studyUid && text(instance, TAG.seriesUid) === seriesUid,
      );
      found.sort(
        (a, b) =>
          (numbers(a, TAG.instanceNumber)[0] ?? 0) - (numbers(b, TAG.instanceNumber)[0] ?? 0),
      );
      instances.push(...found);
      if (instances.length > MAX_IMPORT)
        throw badRequest(`Import at most ${MAX_IMPORT} instances at once.`);
    }
    const rows = instances.flatMap((instance) => {
      const row = imageRow(instance, sourceId, actor.id);
      return row ? [row] : [];
    });
    if (rows.length === 0) throw invalid('The series hold no images.');
    const known = await this.sources.imagesOf(
      sourceId,
      rows.map((row) => row.instance_uid!),
    );
    const fresh = rows.filter((row) => !known.has(row.instance_uid!));
    const freshIds = fresh.length > 0 ? await this.images.insertMany(fresh) : [];
    fresh.forEach((row, i) => known.set(row.instance_uid!, freshIds[i]!));
    return [...new Set(rows.map((row) => known.get(row.instance_uid!)!))];
  }

  /**
   * Stores the collection's DICOM SR (one measurement report per study) on the source with
   * STOW-RS; the exports decide who may read them (the collection's owner and admins).
   */
  async pushReports(actor: Actor, sourceId: number, collectionId: number): Promise<PushResult> {
    const client = await this.clientFor(actor, sourceId);
    const reports = await this.reports(actor, collectionId);
    if (reports.length === 0)
      throw invalid('The collection has no submitted annotations of DICOM images to report.');
    const answer = await client.store(reports.map((report) => report.bytes));
    const uids = (tag: string) =>
      (answer[tag]?.Value ?? []).flatMap((item) => {
        const uid = text(item as DicomJson, TAG.referencedSopInstanceUid);
        return uid ? [uid] : [];
      });
    return { stored: uids(TAG.referencedSops), failed: uids(TAG.failedSops) };
  }

  /** A client for a source the actor may use (researchers and admins). */
  async clientFor(actor: Actor, sourceId: number): Promise<DicomWebClient> {
    if (isReader(actor.role)) throw forbidden('Annotators and reviewers do not use image sources.');
    return this.dicomweb.client(sourceId);
  }
}

/** An http(s) URL with no credentials, query or fragment; stored without a trailing slash. */
function checkBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badRequest('The base URL is invalid.', [
      { pointer: '/body/baseUrl', message: 'not a URL' },
    ]);
  }
  const problems = [
    url.protocol !== 'http:' && url.protocol !== 'https:' ? 'use http or https' : '',
    url.username || url.password ? 'put credentials in authorization, not in the URL' : '',
    url.search || url.hash ? 'leave out the query and fragment' : '',
  ].filter(Boolean);
  if (problems.length > 0) {
    throw badRequest('The base URL cannot be used.', [
      { pointer: '/body/baseUrl', message: problems.join('; ') },
    ]);
  }
  return url.toString().replace(/\/+$/, '');
}

/** The first value of an attribute as text (DS and IS may come as numbers), or null. */
function text(dataSet: DicomJson, tag: string): string | null {
  const value = dataSet[tag]?.Value?.[0];
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  return null;
}

/** Every value of a numeric attribute (DS, IS, US: numbers or strings in the JSON model). */
function numbers(dataSet: DicomJson, tag: string): number[] {
  return (dataSet[tag]?.Value ?? [])
    .map((value) => (typeof value === 'string' ? Number(value) : value))
    .filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
}

/** The image row of an instance with pixels, or null (an SR, a bad size). */
function imageRow(instance: DicomJson, sourceId: number, createdBy: number): NewImageRow | null {
  const instanceUid = text(instance, TAG.sopInstanceUid);
  const [rows] = numbers(instance, TAG.rows);
  const [columns] = numbers(instance, TAG.columns);
  if (!instanceUid || !isUid(instanceUid) || !rows || !columns) return null;
  if (rows > 100_000 || columns > 100_000) return null;
  const frames = Math.min(Math.max(1, numbers(instance, TAG.frames)[0] ?? 1), 10_000);
  const [spacingRow, spacingColumn] = numbers(instance, TAG.pixelSpacing);
  const spacing =
    spacingRow && spacingColumn && spacingRow > 0 && spacingColumn > 0
      ? { pixelSpacing: [spacingRow, spacingColumn], pixelSpacingSource: 'PixelSpacing' }
      : {};
  return {
    url: sourceImageUrl(sourceId, instanceUid),
    width: columns,
    height: rows,
    frames,
    modality: text(instance, TAG.modality),
    mode: null,
    body_part: text(instance, TAG.bodyPart),
    study_uid: text(instance, TAG.studyUid),
    series_uid: text(instance, TAG.seriesUid),
    source_id: sourceId,
    instance_uid: instanceUid,
    metadata: JSON.stringify({
      source: 'dicomweb',
      ...spacing,
      sopClassUid: text(instance, TAG.sopClassUid),
      sopInstanceUid: instanceUid,
      instanceNumber: numbers(instance, TAG.instanceNumber)[0],
      studyDate: text(instance, TAG.studyDate),
      studyDescription: text(instance, TAG.studyDescription),
      seriesDescription: text(instance, TAG.seriesDescription),
      accessionNumber: text(instance, TAG.accessionNumber),
      photometricInterpretation: text(instance, TAG.photometric),
    }),
    created_by: createdBy,
    created_at: new Date().toISOString(),
  };
}
