/**
 * A trained network as bytes: [4-byte little-endian header length][JSON header][weights].
 * The header holds the layers topology and weight specs from tf.io.withSaveHandler.
 */
import * as tf from '@tensorflow/tfjs';

const FORMAT = 'medlabel-cnn/1';

interface Header {
  readonly format: string;
  readonly modelTopology: tf.io.ModelArtifacts['modelTopology'];
  readonly weightSpecs: tf.io.WeightsManifestEntry[];
}

export async function encodeModel(model: tf.LayersModel): Promise<Uint8Array> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler((a) => {
      artifacts = a;
      return Promise.resolve({
        modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' },
      });
    }),
    { includeOptimizer: false },
  );
  if (artifacts?.weightSpecs === undefined || artifacts.weightData === undefined) {
    throw new Error('the model produced no weights to save');
  }
  const header: Header = {
    format: FORMAT,
    modelTopology: artifacts.modelTopology,
    weightSpecs: artifacts.weightSpecs,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const weights = new Uint8Array(tf.io.concatenateArrayBuffers(artifacts.weightData));
  const bytes = new Uint8Array(4 + json.length + weights.length);
  new DataView(bytes.buffer).setUint32(0, json.length, true);
  bytes.set(json, 4);
  bytes.set(weights, 4 + json.length);
  return bytes;
}

export async function decodeModel(bytes: Uint8Array): Promise<tf.LayersModel> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = bytes.byteLength >= 4 ? view.getUint32(0, true) : 0;
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength))) as Header;
  } catch {
    throw new Error('not a saved CNN');
  }
  if (header.format !== FORMAT) throw new Error(`unknown CNN format ${String(header.format)}`);
  const weights = bytes.slice(4 + headerLength).buffer;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: header.modelTopology,
      weightSpecs: header.weightSpecs,
      weightData: weights,
    }),
  );
}
