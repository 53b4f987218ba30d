import { placeholderKinds, type PlaceholderKind } from './parameterize.js';
import { WORD_RANKS } from './word-ranks.js';

// Words that carry no meaning for "is this the same problem".
export const STOP_WORDS = new Set(
  'a an the and or but if then else of to in on at by for with from as is are was were be been being it its this that these those i me my we our you your he she they them their what which who whom how when where why can could would should will shall may might must do does did done have has had having not no so very just also too than there here up down out over under again about into after before am im ive id dont cant wont isnt arent wasnt please thanks thank hi hello get got'.split(
    ' ',
  ),
);

/** Light suffix stripping so "payments", "paying" and "paid" land near "pay". */
export function stem(w: string): string {
  if (w.length <= 4) return w;
  for (const suf of ['ations', 'ation', 'ings', 'ing', 'ied', 'ies', 'ed', 'es', 'ly', 's']) {
    if (w.endsWith(suf) && w.length - suf.length >= 3)
      return suf === 'ied' || suf === 'ies' ? `${w.slice(0, -suf.length)}y` : w.slice(0, -suf.length);
  }
  return w;
}

// Runtime, JDK and test-framework frames are in every Java stack trace; what identifies a crash is the
// application's own frames at the top. (Sentry calls the same distinction "in app".)
const FRAMEWORK =
  /^(java|javax|jdk|sun|com\.sun|org\.junit|junit|org\.apache\.maven|org\.testng|org\.mockito|kotlin|scala|groovy|org\.springframework|org\.eclipse\.jetty|io\.netty|com\.google\.common)\./;
const FRAME = /\bat\s+([\w$.<>]+)\(([^)\n]*)\)/g;
const APP_FRAMES_KEPT = 5;

/** Removes framework stack frames and keeps the first few application frames. */
export function stripStackFrames(text: string): string {
  let kept = 0;
  return text.replace(FRAME, (frame, fn: string) =>
    FRAMEWORK.test(fn) || kept++ >= APP_FRAMES_KEPT ? ' ' : frame,
  );
}

const CAMEL = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g;

/**
 * A word (lower-case, unstemmed), a whole compound identifier such as `fsnamesystem.getblocks`, or the
 * placeholder of a variable value (parameterize.ts).
 */
export type Token =
  { word: string } | { compound: string } | { placeholder: PlaceholderKind; value?: string | undefined };

const PLACEHOLDER = new RegExp(`^<(${placeholderKinds.join('|')})(?::([^\\s<>]*))?>$`);

/**
 * Words, with code identifiers split into their parts ("NullPointerException" → null, pointer,
 * exception; "org.apache.hadoop.fs.FileSystem" → org, apache, hadoop, fs, file, system) so a report that
 * names a class matches one that describes it; the identifier as a whole is kept as its own feature too.
 */
export function localTokens(text: string, framesStripped = false): Token[] {
  const raw =
    (framesStripped ? text : stripStackFrames(text))
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .match(/<[a-z]+(?::[^\s<>]*)?>|[A-Za-z0-9]+(?:[._$-][A-Za-z0-9]+)*/g) ?? [];
  const out: Token[] = [];
  for (const r of raw) {
    const marked = PLACEHOLDER.exec(r);
    if (marked) {
      out.push({ placeholder: marked[1] as PlaceholderKind, value: marked[2] });
      continue;
    }
    if (r.startsWith('<')) continue;
    const lower = r.toLowerCase();
    const parts = r
      .split(/[._$-]/)
      .flatMap((p) => p.match(CAMEL) ?? [])
      .map((p) => p.toLowerCase())
      .filter((p) => p.length > 1 && !STOP_WORDS.has(p));
    if (parts.length > 1) {
      out.push({ compound: lower });
      for (const p of parts) out.push({ word: p });
    } else if (!STOP_WORDS.has(lower) && lower.length > 1) {
      out.push({ word: parts[0] ?? lower });
      // "9.4.43", "HDFS": one part, but the exact spelling still says something
      if (parts.length === 1 && parts[0] !== lower && !/^[0-9.]+$/.test(lower)) out.push({ compound: lower });
    }
  }
  return out;
}

let ranks: Map<string, number> | undefined;
const RANKED = 100_000;
const SCALE = 100;

/**
 * Static inverse frequency: log(1 + rank / 100), scaled to 1 for the rarest ranked and unknown words, so
 * "the"-like words weigh ~0, everyday words ~0.3-0.6 and rare or technical words ~1. Frequencies come from
 * the order of a general English word list (word-ranks.ts), never from the data being clustered.
 */
export function wordWeight(word: string): number {
  const rank = Math.min(wordRank(word) ?? RANKED, RANKED);
  return Math.log(1 + rank / SCALE) / Math.log(1 + RANKED / SCALE);
}

/** 1 for the most frequent word of the static list, undefined for words not in it. */
export function wordRank(word: string): number | undefined {
  ranks ??= new Map(WORD_RANKS.split(' ').map((w, i) => [w, i + 1]));
  return ranks.get(word);
}
