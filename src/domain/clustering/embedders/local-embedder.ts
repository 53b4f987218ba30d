import { normalize, type Embedder } from '../embedder.js';
import { localTokens, stem, STOP_WORDS, wordWeight } from './local-tokens.js';

/** FNV-1a 32-bit: fast, stable across runs and machines (vectors are stored, so hashing must never change). */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Plain lower-case words without stop words: the TF-IDF baseline's and the extractive summary's terms. */
export function tokenize(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .match(/[a-z0-9]+(?:[._-][a-z0-9]+)*/g) ?? []
  ).filter((t) => !STOP_WORDS.has(t) && t.length > 1);
}

const BIGRAM = 0.35;
const CHAR_NGRAM = 0.25;

/**
 * The default embedder: no network, no key, deterministic. Feature hashing (signed, into `dimensions`
 * buckets) of stemmed words weighted by a static English inverse frequency, word bigrams, whole code
 * identifiers, and character 3-4-grams of the title's words, with sublinear term frequency. Framework
 * stack frames are dropped first. The buckets are also what the per-project document frequencies
 * reweight at query time (bucket-idf.ts). Measured against TF-IDF in docs/CLUSTERING.md.
 */
export class LocalEmbedder implements Embedder {
  readonly model: string;
  /** hashed buckets: the pipeline may reweight them by per-project document frequency */
  readonly hashedBuckets = true;

  /** 1024 buckets: few collisions, and under pgvector's 2000-dimension limit for HNSW indexes. */
  constructor(readonly dimensions = 1024) {
    this.model = `local-hash-v2-${dimensions}`;
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedOne(t));
  }

  /**
   * The first line (the title; embeddingText repeats it) also contributes character n-grams; the body
   * contributes words, identifiers and bigrams only, because n-grams of long bodies drown the signal.
   */
  embedOne(text: string): number[] {
    const features = new Map<string, { count: number; weight: number }>();
    const add = (feature: string, weight: number) => {
      const f = features.get(feature);
      if (f) f.count++;
      else features.set(feature, { count: 1, weight });
    };
    const firstLine = text.indexOf('\n');
    const titleTokens = firstLine >= 0 ? localTokens(text.slice(0, firstLine)).length * 2 : Infinity;
    let previous: { stem: string; weight: number } | undefined;
    localTokens(text).forEach((t, i) => {
      if ('compound' in t) {
        add(`x:${t.compound}`, 1);
        return;
      }
      const s = stem(t.word);
      const weight = wordWeight(t.word);
      add(`w:${s}`, weight);
      if (previous) add(`b:${previous.stem}_${s}`, BIGRAM * Math.sqrt(weight * previous.weight));
      previous = { stem: s, weight };
      if (i >= titleTokens) return;
      const padded = `<${t.word}>`;
      for (const n of [3, 4]) {
        for (let j = 0; j + n <= padded.length; j++) add(`c${n}:${padded.slice(j, j + n)}`, CHAR_NGRAM);
      }
    });
    const v = new Array<number>(this.dimensions).fill(0);
    for (const [feature, { count, weight }] of features) {
      const h = hash(feature);
      const sign = h & 0x80000000 ? -1 : 1;
      v[h % this.dimensions]! += sign * weight * (1 + Math.log(count));
    }
    return normalize(v);
  }
}
