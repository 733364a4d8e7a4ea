// A small DICOMweb client on fetch (PS3.18): QIDO-RS searches (JSON model), WADO-RS metadata and
// instances (multipart/related), STOW-RS stores. npm dicomweb-client needs XMLHttpRequest, which
// Node 20 lacks. It only ever talks to the base URL it is given (a registered source): it never
// follows redirects, every request has a time limit, and every answer a size limit.
import { HttpError } from '../http/problem.js';
import { buildMultipart, contentTypeParameter, parseMultipart } from './multipart-related.js';

/** One data set in the DICOM JSON model (PS3.18 F.2): tag (8 hex digits) -> attribute. */
export type DicomJson = Record<string, { vr: string; Value?: unknown[] } | undefined>;

export interface DicomWebLimits {
  /** a request that has not been answered whole by then is aborted */
  timeoutMs: number;
  /** QIDO-RS and metadata answers */
  jsonBytes: number;
  /** one retrieved instance (with its multipart framing) */
  instanceBytes: number;
}

export const DICOMWEB_LIMITS: DicomWebLimits = {
  timeoutMs: 30_000,
  jsonBytes: 32 * 2 ** 20,
  instanceBytes: 256 * 2 ** 20,
};

export interface DicomWebEndpoint {
  /** http(s) URL of the DICOMweb root, without a trailing slash */
  baseUrl: string;
  /** the Authorization header sent with every request, if any */
  authorization: string | null;
}

const UID = /^[0-9]+(\.[0-9]+)*$/;

/** A failure to talk to the source: 502, never the source's own words beyond its status. */
export const sourceFailed = (detail: string) =>
  new HttpError(502, 'image-source-failed', `The image source ${detail}.`);

/** Study, series and instance UIDs go into paths: only digits and dots, at most 64. */
export function isUid(value: string): boolean {
  return value.length <= 64 && UID.test(value);
}

export class DicomWebClient {
  constructor(
    private readonly endpoint: DicomWebEndpoint,
    private readonly limits: DicomWebLimits = DICOMWEB_LIMITS,
  ) {}

  /** QIDO-RS: `studies`, `series` or `instances` matching `query`, optionally within a study. */
  async search(
    level: 'studies' | 'series' | 'instances',
    query: URLSearchParams,
    studyUid?: string,
  ): Promise<DicomJson[]> {
    const path = studyUid === undefined ? [level] : ['studies', studyUid, level];
    return this.json(path, query);
  }

  /** WADO-RS metadata of every instance of a series (no bulk data). */
  metadata(studyUid: string, seriesUid: string): Promise<DicomJson[]> {
    return this.json(['studies', studyUid, 'series', seriesUid, 'metadata'], new URLSearchParams());
  }

  /** WADO-RS: one instance as Part 10 bytes, in whatever transfer syntax the source keeps. */
  async instance(studyUid: string, seriesUid: string, instanceUid: string): Promise<Buffer> {
    const answer = await this.request(
      ['studies', studyUid, 'series', seriesUid, 'instances', instanceUid],
      new URLSearchParams(),
      {
        method: 'GET',
        headers: { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' },
      },
      this.limits.instanceBytes,
    );
    const boundary = contentTypeParameter(answer.contentType, 'boundary');
    if (!answer.contentType.toLowerCase().startsWith('multipart/related') || !boundary)
      throw sourceFailed(`answered an instance as ${answer.contentType || 'nothing'}`);
    let parts;
    try {
      parts = parseMultipart(answer.body, boundary);
    } catch (error) {
      throw sourceFailed(`answered a malformed instance: ${(error as Error).message}`);
    }
    if (parts.length !== 1) throw sourceFailed(`answered ${parts.length} parts for one instance`);
    return parts[0]!.body;
  }

  /** STOW-RS: stores Part 10 instances; the source's answer (PS3.18 10.5.3). */
  async store(instances: readonly Uint8Array[]): Promise<DicomJson> {
    const { body, contentType } = buildMultipart('application/dicom', instances);
    const answer = await this.request(
      ['studies'],
      new URLSearchParams(),
      {
        method: 'POST',
        headers: { 'content-type': contentType, accept: 'application/dicom+json' },
        body,
      },
      this.limits.jsonBytes,
    );
    return parseJson(answer.body) as DicomJson;
  }

  private async json(path: string[], query: URLSearchParams): Promise<DicomJson[]> {
    const answer = await this.request(
      path,
      query,
      { method: 'GET', headers: { accept: 'application/dicom+json' } },
      this.limits.jsonBytes,
    );
    if (answer.status === 204 || answer.body.length === 0) return [];
    const parsed = parseJson(answer.body);
    if (!Array.isArray(parsed))
      throw sourceFailed('answered a search with something else than a list');
    return parsed as DicomJson[];
  }

  private async request(
    path: string[],
    query: URLSearchParams,
    init: { method: string; headers: Record<string, string>; body?: Uint8Array<ArrayBuffer> },
    maxBytes: number,
  ): Promise<{ status: number; contentType: string; body: Buffer }> {
    for (const [i, segment] of path.entries()) {
      if (i % 2 === 1 && !isUid(segment))
        throw new HttpError(400, 'bad-request', 'A UID is invalid.');
    }
    const search = query.toString();
    const url = `${this.endpoint.baseUrl}/${path.join('/')}${search ? `?${search}` : ''}`;
    const headers = { ...init.headers };
    if (this.endpoint.authorization) headers.authorization = this.endpoint.authorization;
    const signal = AbortSignal.timeout(this.limits.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, { ...init, headers, signal, redirect: 'manual' });
    } catch (error) {
      throw sourceFailed(`cannot be reached (${describe(error)})`);
    }
    if (response.status >= 300) {
      await response.body?.cancel();
      throw sourceFailed(`answered ${response.status} ${response.statusText}`.trim());
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw sourceFailed(`answered more than ${maxBytes} bytes`);
    }
    const chunks: Buffer[] = [];
    let total = 0;
    const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
    try {
      for (;;) {
        const read = reader ? await reader.read() : undefined;
        if (!read || read.done) break;
        total += read.value.length;
        if (total > maxBytes) {
          await reader!.cancel();
          throw sourceFailed(`answered more than ${maxBytes} bytes`);
        }
        chunks.push(Buffer.from(read.value));
      }
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw sourceFailed(`broke off its answer (${describe(error)})`);
    }
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: Buffer.concat(chunks),
    };
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw sourceFailed('answered JSON that does not parse');
  }
}

function describe(error: unknown): string {
  if ((error as Error).name === 'TimeoutError') return 'no answer in time';
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as Error).message;
}
