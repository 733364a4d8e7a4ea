import type { FrameValues, WindowSetting } from '@medlabel/dicom';

/** What a client needs besides the values to window a frame; sent as response headers. */
export interface FrameValuesInfo {
  rows: number;
  columns: number;
  type: 'int16' | 'float32';
  min: number;
  max: number;
  inverted: boolean;
  unit: string | null;
  window: WindowSetting;
  auto: WindowSetting;
}

/**
 * A frame's values as stored in the file store and sent to the worker's caller: a 4-byte
 * little-endian length, the info as JSON, padding to a multiple of 4 bytes, then the values
 * as little-endian Int16 or Float32 (the byte order of every platform Node runs on).
 */
export function encodeFrameValues(values: FrameValues): Uint8Array {
  const info: FrameValuesInfo = {
    rows: values.rows,
    columns: values.columns,
    type: values.type,
    min: values.min,
    max: values.max,
    inverted: values.inverted,
    unit: values.unit ?? null,
    window: values.window,
    auto: values.auto,
  };
  const json = Buffer.from(JSON.stringify(info));
  const start = Math.ceil((4 + json.length) / 4) * 4;
  const data = new Uint8Array(values.data.buffer, values.data.byteOffset, values.data.byteLength);
  const out = new Uint8Array(start + data.byteLength);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 4);
  out.set(data, start);
  return out;
}

/** The info and the value bytes of an encoded frame (the bytes are a view, not a copy). */
export function decodeFrameValues(bytes: Buffer): { info: FrameValuesInfo; data: Buffer } {
  const length = bytes.readUInt32LE(0);
  const info = JSON.parse(bytes.subarray(4, 4 + length).toString()) as FrameValuesInfo;
  return { info, data: bytes.subarray(Math.ceil((4 + length) / 4) * 4) };
}

/**
 * Values sent for one frame at most: 4096 x 4096 (64 MiB as Float32). A larger frame is read
 * as its rendered PNG.
 */
export const MAX_VALUE_SAMPLES = 2 ** 24;
