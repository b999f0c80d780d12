import { fnv1a, seededRandom } from "./hash.js";

/**
 * A deterministic unit-length vector for `text`: the same text always maps to the same vector,
 * different texts to (almost surely) different ones.
 */
export function embeddingVector(text: string, dimensions: number): number[] {
  const next = seededRandom(fnv1a(text));
  const values = new Array<number>(dimensions);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    const v = next() * 2 - 1;
    values[i] = v;
    norm += v * v;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  // Rounded through float32 so float and base64 encodings carry exactly the same numbers.
  const f32 = new Float32Array(dimensions);
  for (let i = 0; i < dimensions; i++) f32[i] = (values[i] as number) * scale;
  return Array.from(f32);
}

/** OpenAI's `encoding_format: "base64"`: little-endian float32 bytes, base64-encoded. */
export function float32Base64(values: readonly number[]): string {
  const buf = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) buf.writeFloatLE(values[i] as number, i * 4);
  return buf.toString("base64");
}
