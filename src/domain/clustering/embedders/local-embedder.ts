import { normalize, type Embedder } from '../embedder.js';
import { localTokens, stem, STOP_WORDS, stripStackFrames, wordWeight } from './local-tokens.js';
import { markValues } from './parameterize.js';
import { WORD_VECTOR_DIMS, wordVector } from './word-vectors.js';

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
 * A variable value (number, id, e-mail…): that there is one weighs a tenth of a rare word, and its exact
 * value half of one (two bug reports that name the same version or error code do share something), so
 * a value never outweighs a word.
 */
const PLACEHOLDER = 0.1;
const VALUE = 0.5;
/**
 * The semantic part's share of the cosine for short texts; beyond SEMANTIC_WORDS words it shrinks in
 * proportion, because a long report has words enough to match on, and the mean of many word vectors
 * drifts towards the mean of the language, so it makes every two long reports alike (measured in
 * docs/CLUSTERING.md).
 */
export const SEMANTIC_SHARE = 0.3;
const SEMANTIC_WORDS = 24;

/**
 * The default embedder: no network, no key, deterministic. Two parts in one unit vector:
 * - lexical, `hashedDimensions` buckets: feature hashing (signed) of stemmed words weighted by a static
 *   English inverse frequency, word bigrams, whole code identifiers, and character 3-4-grams of the
 *   title's words, with sublinear term frequency; these buckets are what the per-project document
 *   frequencies reweight at query time (bucket-idf.ts);
 * - semantic, the last 64 dimensions: the IDF-weighted mean of static word vectors (GloVe), so that
 *   "dark theme" meets "dark mode" though they share one word.
 * The cosine of two vectors is (1 − share) × the lexical cosine + share × the semantic cosine. Variable
 * values are replaced by placeholders and framework stack frames dropped first. Measured against TF-IDF
 * in docs/CLUSTERING.md.
 */
/**
 * The words of a report (title once, then the body as embedded), after parameterization: the measure
 * of how much a report says, which the calibration's threshold depends on (calibration.ts).
 */
export function contentWords(item: { title: string; body: string }): number {
  return localTokens(markValues(stripStackFrames(`${item.title}\n${item.body.slice(0, 2000)}`))).filter(
    (t) => 'word' in t,
  ).length;
}

export class LocalEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  /** the leading dimensions are hashed buckets: the pipeline may reweight them by document frequency */
  readonly hashedBuckets: number;

  /** 1024 buckets: few collisions, and with the 64 semantic ones under pgvector's 2000-dimension limit. */
  constructor(
    readonly hashedDimensions = 1024,
    private readonly semanticShare = SEMANTIC_SHARE,
  ) {
    this.hashedBuckets = hashedDimensions;
    this.dimensions = hashedDimensions + WORD_VECTOR_DIMS;
    this.model = `local-hybrid-v3-${this.dimensions}`;
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
    const semantic = new Float64Array(WORD_VECTOR_DIMS);
    const clean = markValues(stripStackFrames(text));
    const firstLine = clean.indexOf('\n');
    const titleTokens = firstLine >= 0 ? localTokens(clean.slice(0, firstLine), true).length * 2 : Infinity;
    let previous: { stem: string; weight: number } | undefined;
    let words = 0;
    localTokens(clean, true).forEach((t, i) => {
      if ('compound' in t) {
        add(`x:${t.compound}`, 1);
        return;
      }
      if ('placeholder' in t) {
        add(`p:${t.placeholder}`, PLACEHOLDER);
        if (t.value) add(`v:${t.value}`, VALUE);
        previous = { stem: `<${t.placeholder}>`, weight: PLACEHOLDER };
        return;
      }
      const s = stem(t.word);
      const weight = wordWeight(t.word);
      words++;
      add(`w:${s}`, weight);
      if (previous) add(`b:${previous.stem}_${s}`, BIGRAM * Math.sqrt(weight * previous.weight));
      previous = { stem: s, weight };
      const wv = wordVector(t.word);
      if (wv) for (let d = 0; d < WORD_VECTOR_DIMS; d++) semantic[d]! += weight * wv[d]!;
      if (i >= titleTokens) return;
      const padded = `<${t.word}>`;
      for (const n of [3, 4]) {
        for (let j = 0; j + n <= padded.length; j++) add(`c${n}:${padded.slice(j, j + n)}`, CHAR_NGRAM);
      }
    });
    const lexical = new Array<number>(this.hashedDimensions).fill(0);
    for (const [feature, { count, weight }] of features) {
      const h = hash(feature);
      const sign = h & 0x80000000 ? -1 : 1;
      lexical[h % this.hashedDimensions]! += sign * weight * (1 + Math.log(count));
    }
    const share = this.semanticShare * Math.min(1, SEMANTIC_WORDS / Math.max(1, words));
    const lex = normalize(lexical).map((x) => x * Math.sqrt(1 - share));
    const sem = normalize(Array.from(semantic)).map((x) => x * Math.sqrt(share));
    // a text without any known word (or without any lexical feature) keeps a unit vector of the other part
    return normalize([...lex, ...sem]);
  }
}
