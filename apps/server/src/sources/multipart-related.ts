// multipart/related (RFC 2387) as DICOMweb uses it (PS3.18 8.6.1.2): WADO-RS answers instances
// in it and STOW-RS takes them in it.
import { randomBytes } from 'node:crypto';

export interface BodyPart {
  /** header names in lower case */
  headers: Record<string, string>;
  body: Buffer;
}

/** The value of parameter `name` of a Content-Type header (quoted or not), or undefined. */
export function contentTypeParameter(contentType: string, name: string): string | undefined {
  for (const piece of contentType.split(';').slice(1)) {
    const at = piece.indexOf('=');
    if (at < 0 || piece.slice(0, at).trim().toLowerCase() !== name) continue;
    const value = piece.slice(at + 1).trim();
    return value.startsWith('"') && value.endsWith('"') && value.length >= 2
      ? value.slice(1, -1)
      : value;
  }
  return undefined;
}

/** The parts of a multipart body with this boundary; throws on a body that is not one. */
export function parseMultipart(body: Buffer, boundary: string): BodyPart[] {
  if (!boundary || boundary.length > 200) throw new Error('the multipart boundary is invalid');
  const delimiter = Buffer.from(`--${boundary}`);
  const next = Buffer.from(`\r\n--${boundary}`);
  let at = body.indexOf(delimiter);
  if (at < 0) throw new Error('the multipart body has no boundary');
  const parts: BodyPart[] = [];
  for (;;) {
    at += delimiter.length;
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts; // the close delimiter
    const lineEnd = body.indexOf('\r\n', at); // transport padding may precede it
    if (lineEnd < 0) throw new Error('the multipart body is cut short');
    const headersEnd = body.indexOf('\r\n\r\n', lineEnd);
    const noHeaders = body[lineEnd + 2] === 0x0d && body[lineEnd + 3] === 0x0a;
    const start = noHeaders ? lineEnd + 4 : headersEnd + 4;
    if (!noHeaders && headersEnd < 0) throw new Error('a multipart part has no end of headers');
    const end = body.indexOf(next, start);
    if (end < 0) throw new Error('the multipart body is cut short');
    const headers: Record<string, string> = {};
    const headerText = noHeaders ? '' : body.subarray(lineEnd + 2, headersEnd).toString('latin1');
    for (const line of headerText.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0)
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    parts.push({ headers, body: body.subarray(start, end) });
    at = end + 2;
  }
}

/** A multipart/related body of parts of one type, and its Content-Type header. */
export function buildMultipart(
  type: string,
  bodies: readonly Uint8Array[],
): { body: Buffer<ArrayBuffer>; contentType: string } {
  const boundary = `medlabel-${randomBytes(16).toString('hex')}`;
  const chunks: Uint8Array[] = [];
  for (const body of bodies) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: ${type}\r\n\r\n`), body);
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: Buffer.concat(chunks),
    contentType: `multipart/related; type="${type}"; boundary=${boundary}`,
  };
}
