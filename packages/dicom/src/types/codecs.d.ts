// Typings for the codec packages, which ship none. Only what this package calls is declared.

/** The shape shared by the Emscripten decoders of @cornerstonejs/codec-*. */
interface CornerstoneFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
}
interface CornerstoneDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): CornerstoneFrameInfo;
  delete(): void;
}
type CornerstoneDecoderClass = new () => CornerstoneDecoder;
/** Emscripten module options: where the module prints. */
interface EmscriptenOptions {
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: (options?: EmscriptenOptions) => Promise<{ JPEGDecoder: CornerstoneDecoderClass }>;
  export default factory;
}
declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: (
    options?: EmscriptenOptions,
  ) => Promise<{ JpegLSDecoder: CornerstoneDecoderClass }>;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: (options?: EmscriptenOptions) => Promise<{ J2KDecoder: CornerstoneDecoderClass }>;
  export default factory;
}
declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    decode(
      buffer: ArrayBufferLike,
      offset: number,
      length: number,
      numBytes: number,
    ): Uint8Array | Uint16Array;
  }
}
