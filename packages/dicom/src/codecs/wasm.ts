import { DicomError, describeThrown } from '../errors.js';

/** Samples as a codec returned them: 8- or 16-bit, interleaved by component. */
export interface CodecOutput {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  readonly samples: Uint8Array | Uint16Array | Int16Array;
}

type Loader = () => Promise<CornerstoneDecoderClass>;

// OpenJPEG prints progress to stdout; failures surface as exceptions or empty output instead.
const quiet = { print: () => undefined, printErr: () => undefined };

// Each Emscripten module is instantiated once, on first use.
function once(load: Loader): Loader {
  let loaded: Promise<CornerstoneDecoderClass> | undefined;
  return () => (loaded ??= load());
}

const loaders = {
  jpeg: once(async () => {
    const { default: factory } =
      await import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs');
    return (await factory(quiet)).JPEGDecoder;
  }),
  'jpeg-ls': once(async () => {
    const { default: factory } = await import('@cornerstonejs/codec-charls/decodewasmjs');
    return (await factory(quiet)).JpegLSDecoder;
  }),
  'jpeg-2000': once(async () => {
    const { default: factory } = await import('@cornerstonejs/codec-openjpeg/decodewasmjs');
    return (await factory(quiet)).J2KDecoder;
  }),
};

export type WasmCodec = keyof typeof loaders;

/** Decodes one compressed frame with a wasm codec; the result is copied out of wasm memory. */
export async function decodeWithWasm(codec: WasmCodec, encoded: Uint8Array): Promise<CodecOutput> {
  const Decoder = await loaders[codec]();
  const decoder = new Decoder();
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    const info = decoder.getFrameInfo();
    const bytes = decoder.getDecodedBuffer().slice();
    const samples =
      info.bitsPerSample <= 8
        ? bytes
        : info.isSigned
          ? new Int16Array(bytes.buffer, 0, bytes.length >> 1)
          : new Uint16Array(bytes.buffer, 0, bytes.length >> 1);
    return { width: info.width, height: info.height, components: info.componentCount, samples };
  } catch (thrown) {
    throw new DicomError('decode-failed', `${codec} decoder failed: ${describeThrown(thrown)}`, {
      cause: thrown,
    });
  } finally {
    decoder.delete();
  }
}
