import { normalize, type Embedder } from '../embedder.js';

// Words that carry no meaning for "is this the same problem".
const STOP = new Set(
  'a an the and or but if then else of to in on at by for with from as is are was were be been being it its this that these those i me my we our you your he she they them their what which who whom how when where why can could would should will shall may might must do does did done have has had having not no so very just also too than there here up down out over under again about into after before am im ive id dont cant wont isnt arent wasnt please thanks thank hi hello get got'.split(
    ' ',
  ),
);

/** FNV-1a 32-bit: fast, stable across runs and machines (vectors are stored, so hashing must never change). */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Light suffix stripping so "payments", "paying" and "paid" land near "pay". */
function stem(w: string): string {
  if (w.length <= 4) return w;
  for (const suf of ['ations', 'ation', 'ings', 'ing', 'ied', 'ies', 'ed', 'es', 'ly', 's']) {
    if (w.endsWith(suf) && w.length - suf.length >= 3)
      return suf === 'ied' || suf === 'ies' ? `${w.slice(0, -suf.length)}y` : w.slice(0, -suf.length);
  }
  return w;
}

export function tokenize(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .match(/[a-z0-9]+(?:[._-][a-z0-9]+)*/g) ?? []
  ).filter((t) => !STOP.has(t) && t.length > 1);
}

/**
 * The default embedder: no network, no key, deterministic. Feature hashing (signed, into `dimensions`
 * buckets) of stemmed words, word bigrams and character n-grams of each word, with sublinear term
 * frequency. Character n-grams catch spelling variants and code identifiers ("NullPointerException",
 * "nullpointer"); bigrams keep some word order. Measured against TF-IDF in docs/CLUSTERING.md.
 */
export class LocalEmbedder implements Embedder {
  readonly model: string;

  /** 1024 buckets: few collisions, and under pgvector's 2000-dimension limit for HNSW indexes. */
  constructor(readonly dimensions = 1024) {
    this.model = `local-hash-v1-${dimensions}`;
  }

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedOne(t));
  }

  /**
   * The first line (the title) also contributes character n-grams; the body contributes words and
   * bigrams only, because n-grams of long bodies drown the signal (measured: docs/CLUSTERING.md).
   */
  embedOne(text: string): number[] {
    const counts = new Map<string, number>();
    const add = (feature: string, w: number) => counts.set(feature, (counts.get(feature) ?? 0) + w);
    const firstLine = text.indexOf('\n');
    const titleTokens = firstLine >= 0 ? tokenize(text.slice(0, firstLine)).length * 2 : Infinity;
    const words = tokenize(text).map(stem);
    words.forEach((w, i) => {
      add(`w:${w}`, 1);
      if (i > 0) add(`b:${words[i - 1]}_${w}`, 0.5);
      if (i >= titleTokens) return;
      const padded = `<${w}>`;
      for (const n of [3, 4]) {
        for (let j = 0; j + n <= padded.length; j++) add(`c${n}:${padded.slice(j, j + n)}`, 0.25);
      }
    });
    const v = new Array<number>(this.dimensions).fill(0);
    for (const [feature, c] of counts) {
      const h = hash(feature);
      const sign = h & 0x80000000 ? -1 : 1;
      v[h % this.dimensions]! += sign * (1 + Math.log(c));
    }
    return normalize(v);
  }
}
