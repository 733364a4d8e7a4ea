/** Models save as UTF-8 JSON, tagged with their kind so a wrong file fails loudly. */
export function encodeModel(kind: string, payload: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ kind, payload }));
}

export function decodeModel<T>(kind: string, bytes: Uint8Array): T {
  const parsed = JSON.parse(new TextDecoder().decode(bytes)) as {
    kind?: unknown;
    payload?: unknown;
  };
  if (parsed.kind !== kind) throw new Error(`not a ${kind} model (found ${String(parsed.kind)})`);
  return parsed.payload as T;
}

/** Yields to the event loop so cancellation and progress output get a chance to run. */
export function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
