import type { DcmjsElement } from 'dcmjs';
import { replacementUid } from './uid.js';

/** Text that is valid for every character VR it is used for (CS allows upper case, space, digits, _). */
const TEXT = 'ANONYMIZED';

/** Non-zero-length dummies by VR, for the D action of PS3.15 Table E.1-1 (dcmjs value arrays). */
const DUMMIES: Readonly<Record<string, () => unknown[]>> = {
  AE: () => [TEXT],
  AS: () => ['000D'],
  CS: () => [TEXT],
  DA: () => ['19000101'],
  DS: () => ['0'],
  DT: () => ['19000101000000'],
  IS: () => ['0'],
  LO: () => [TEXT],
  LT: () => [TEXT],
  PN: () => [{ Alphabetic: TEXT }],
  SH: () => [TEXT],
  ST: () => [TEXT],
  TM: () => ['000000'],
  UC: () => [TEXT],
  UR: () => ['urn:x-anonymized'],
  UT: () => [TEXT],
  FL: () => [0],
  FD: () => [0],
  SL: () => [0],
  SS: () => [0],
  UL: () => [0],
  US: () => [0],
  // Eight zero bytes: a whole number of values for every binary VR.
  OB: () => [new ArrayBuffer(8)],
  OD: () => [new ArrayBuffer(8)],
  OF: () => [new ArrayBuffer(8)],
  OL: () => [new ArrayBuffer(8)],
  OV: () => [new ArrayBuffer(8)],
  OW: () => [new ArrayBuffer(8)],
  UN: () => [new ArrayBuffer(8)],
};

/**
 * The dummy value for an element, or undefined where no dummy can be made (sequences, AT):
 * the caller then removes the element. A UID becomes its consistent replacement.
 */
export function dummyValue(element: DcmjsElement, secret: string): unknown[] | undefined {
  if (element.vr === 'UI') {
    return (element.Value ?? ['']).map((uid) =>
      replacementUid(String(uid).replace(/\0+$/, '').trim(), secret),
    );
  }
  return DUMMIES[element.vr]?.();
}
