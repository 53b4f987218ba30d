import type { FeedbackForPlan } from './extract-stack-frames.js';

export interface Keyword {
  term: string;
  /** identifiers and quoted strings say more about code than plain words */
  weight: number;
}

const stopwords = new Set(
  `about above after again against because before being below between cannot could doing during every
  having however itself myself other ourselves should their theirs themselves there these those through
  under until where which while would yours yourself users user using works working doesnt dont didnt
  still since really page please thanks thank issue issues problem error errors report reports when what
  with this that from have been does just like some will into your only also than then them they were
  happens happen happened anything something nothing always never sometimes seems right wrong today
  version latest update updated browser click clicked button screen app application`.split(/\s+/),
);

const identifier = /\b[A-Za-z_$][\w$]*(?:[a-z0-9][A-Z]|_[A-Za-z0-9])[\w$]*\b/g;
const errorName = /\b[A-Z][A-Za-z]*(?:Error|Exception)\b/g;
const quoted = /["'`]([^"'`\n]{4,40})["'`]/g;
const urlPath = /(?:^|\s)(\/[a-z0-9_-]+(?:\/[a-z0-9_:{}-]+)+)/gi;
const word = /\b[a-z][a-z0-9]{4,}\b/gi;

/**
 * Terms worth searching the code for: identifiers (camelCase, snake_case), error class names, quoted
 * strings, URL paths, then plain words, each scored by kind and by how many reports mention it.
 */
export function extractKeywords(clusterTitle: string, items: FeedbackForPlan[], limit = 10): Keyword[] {
  const scores = new Map<string, { weight: number; docs: number }>();
  const texts = [clusterTitle, ...items.map((i) => `${i.title}\n${i.body.slice(0, 3000)}`)];
  for (const text of texts) {
    const found = new Map<string, number>();
    const add = (term: string, weight: number) => {
      const t = term.trim();
      if (t.length < 4 || t.length > 60 || stopwords.has(t.toLowerCase())) return;
      found.set(t, Math.max(found.get(t) ?? 0, weight));
    };
    for (const m of text.matchAll(identifier)) add(m[0], 3);
    for (const m of text.matchAll(errorName)) add(m[0], 3);
    for (const m of text.matchAll(quoted)) add(m[1]!, m[1]!.includes(' ') ? 1.5 : 2.5);
    for (const m of text.matchAll(urlPath)) add(m[1]!, 2.5);
    for (const m of text.matchAll(word)) add(m[0].toLowerCase(), 1);
    for (const [t, w] of found) {
      const s = scores.get(t) ?? { weight: w, docs: 0 };
      s.weight = Math.max(s.weight, w);
      s.docs += 1;
      scores.set(t, s);
    }
  }
  return [...scores.entries()]
    .map(([term, s]) => ({ term, weight: s.weight * (1 + Math.log2(s.docs)) }))
    .sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term))
    .slice(0, limit);
}
