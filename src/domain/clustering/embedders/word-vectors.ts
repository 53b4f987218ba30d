import { readFileSync } from 'node:fs';
import { wordRank } from './local-tokens.js';

/** Dimensions of the static word vectors (scripts/build-word-vectors.mjs). */
export const WORD_VECTOR_DIMS = 64;

// data/ sits four levels up from both src/domain/clustering/embedders and its compiled dist twin.
const FILE = new URL('../../../../data/word-vectors.bin', import.meta.url);

let table: Int8Array | undefined;

/**
 * The static word vector of a word (GloVe 6B, reduced and quantized; one row per word of the rank list,
 * in rank order), or undefined for words outside the list. Rows are unit length up to quantization.
 */
export function wordVector(word: string): Int8Array | undefined {
  const rank = wordRank(word);
  if (rank === undefined) return undefined;
  if (table === undefined) {
    const file = readFileSync(FILE);
    table = new Int8Array(file.buffer, file.byteOffset, file.byteLength);
  }
  const start = (rank - 1) * WORD_VECTOR_DIMS;
  return start + WORD_VECTOR_DIMS <= table.length
    ? table.subarray(start, start + WORD_VECTOR_DIMS)
    : undefined;
}
