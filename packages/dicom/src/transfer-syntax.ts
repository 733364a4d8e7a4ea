/** How the pixel data of a transfer syntax is stored. */
export type PixelEncoding =
  'native' | 'rle' | 'jpeg-baseline' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg-2000';

export interface TransferSyntax {
  readonly uid: string;
  readonly name: string;
  readonly encoding: PixelEncoding;
  readonly littleEndian: boolean;
  readonly explicitVr: boolean;
  readonly deflated: boolean;
}

function syntax(
  uid: string,
  name: string,
  encoding: PixelEncoding,
  flags: Partial<Pick<TransferSyntax, 'littleEndian' | 'explicitVr' | 'deflated'>> = {},
): TransferSyntax {
  return { uid, name, encoding, littleEndian: true, explicitVr: true, deflated: false, ...flags };
}

/** Every transfer syntax whose pixel data this package decodes. */
export const SUPPORTED_TRANSFER_SYNTAXES: readonly TransferSyntax[] = [
  syntax('1.2.840.10008.1.2', 'Implicit VR Little Endian', 'native', { explicitVr: false }),
  syntax('1.2.840.10008.1.2.1', 'Explicit VR Little Endian', 'native'),
  syntax('1.2.840.10008.1.2.1.99', 'Deflated Explicit VR Little Endian', 'native', {
    deflated: true,
  }),
  syntax('1.2.840.10008.1.2.2', 'Explicit VR Big Endian', 'native', { littleEndian: false }),
  syntax('1.2.840.10008.1.2.5', 'RLE Lossless', 'rle'),
  syntax('1.2.840.10008.1.2.4.50', 'JPEG Baseline (Process 1)', 'jpeg-baseline'),
  // Process 2 & 4 shares the baseline decoder, which handles 8-bit samples only.
  syntax('1.2.840.10008.1.2.4.51', 'JPEG Extended (Process 2 & 4), 8-bit only', 'jpeg-baseline'),
  syntax('1.2.840.10008.1.2.4.57', 'JPEG Lossless, Non-Hierarchical (Process 14)', 'jpeg-lossless'),
  syntax(
    '1.2.840.10008.1.2.4.70',
    'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, SV1)',
    'jpeg-lossless',
  ),
  syntax('1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless', 'jpeg-ls'),
  syntax('1.2.840.10008.1.2.4.81', 'JPEG-LS Near-Lossless', 'jpeg-ls'),
  syntax('1.2.840.10008.1.2.4.90', 'JPEG 2000 Lossless Only', 'jpeg-2000'),
  syntax('1.2.840.10008.1.2.4.91', 'JPEG 2000', 'jpeg-2000'),
];

const BY_UID = new Map(SUPPORTED_TRANSFER_SYNTAXES.map((ts) => [ts.uid, ts]));

/** The supported transfer syntax with this UID, or undefined. */
export function findTransferSyntax(uid: string): TransferSyntax | undefined {
  return BY_UID.get(uid);
}
