import type { FeedbackForPlan } from './extract-stack-frames.js';

export type KeywordKind = 'identifier' | 'error' | 'quoted' | 'path' | 'word';

export interface Keyword {
  term: string;
  kind: KeywordKind;
  /** identifiers and quoted strings say more about code than plain words */
  weight: number;
  /** false for language keywords: every source file contains them, so only a file name may match */
  searchContent: boolean;
}

const stopwords = new Set(
  `about above after again against because before being below between cannot could doing during every
  having however itself myself other ourselves should their theirs themselves there these those through
  under until where which while would yours yourself users user using works working doesnt dont didnt
  still since really page please thanks thank issue issues problem error errors report reports when what
  with this that from have been does just like some will into your only also than then them they were
  happens happen happened anything something nothing always never sometimes seems right wrong today
  version latest update updated browser click clicked button screen app application tried trying again
  getting instead whenever whether shows showing shown there's isn't can't won't wasn't another around
  clicking pressing pressed going every first second third later earlier while after before without
  crash crashes crashed crashing broken break breaks fails failed failing failure`.split(/\s+/),
);

/**
 * Reserved words of the languages the planner reads (JavaScript/TypeScript, Python, Java, Go, Ruby, PHP,
 * C#): a report's "export", "import" or "class" is found in nearly every source file, so searching file
 * contents for them ranks arbitrary files first. They still match file names ("csv-export.ts").
 */
const languageKeywords = new Set(
  `abstract async await boolean break case catch char class const continue debugger default delete double
  elif else enum except export extends false final finally float function global import implements
  instanceof interface lambda let long module namespace native new null package pass private protected
  public raise readonly require return self short static string super switch synchronized this throw
  throws true try type typeof undefined void volatile while with yield def func struct var nil none
  defer chan select range elsif unless until begin rescue ensure echo foreach override virtual using`.split(
    /\s+/,
  ),
);

const identifier = /\b[A-Za-z_$][\w$]*(?:[a-z0-9][A-Z]|_[A-Za-z0-9])[\w$]*\b/g;
const errorName = /\b[A-Z][A-Za-z]*(?:Error|Exception)\b/g;
const quoted = /["'`]([^"'`\n]{4,40})["'`]/g;
const urlPath = /(?:^|\s)(\/[a-z0-9_-]+(?:\/[a-z0-9_:{}-]+)+)/gi;
const word = /\b[a-z][a-z0-9]{3,}\b/gi;

const kindWeight: Record<KeywordKind, number> = { identifier: 3, error: 3, quoted: 2.5, path: 2.5, word: 1 };

/**
 * Terms worth searching the code for: identifiers (camelCase, snake_case), error class names, quoted
 * strings, URL paths, then plain words, each scored by kind and by how many reports mention it.
 * Stopwords are dropped; language keywords are kept only to match file names.
 */
export function extractKeywords(clusterTitle: string, items: FeedbackForPlan[], limit = 10): Keyword[] {
  const scores = new Map<string, { kind: KeywordKind; weight: number; docs: number }>();
  const texts = [clusterTitle, ...items.map((i) => `${i.title}\n${i.body.slice(0, 3000)}`)];
  for (const text of texts) {
    const found = new Map<string, { kind: KeywordKind; weight: number }>();
    const add = (term: string, kind: KeywordKind, weight = kindWeight[kind]) => {
      const t = term.trim();
      if (t.length < 4 || t.length > 60 || stopwords.has(t.toLowerCase())) return;
      const prev = found.get(t);
      if (!prev || prev.weight < weight) found.set(t, { kind, weight });
    };
    for (const m of text.matchAll(identifier)) add(m[0], 'identifier');
    for (const m of text.matchAll(errorName)) add(m[0], 'error');
    for (const m of text.matchAll(quoted)) add(m[1]!, 'quoted', m[1]!.includes(' ') ? 1.5 : 2.5);
    for (const m of text.matchAll(urlPath)) add(m[1]!, 'path');
    // a plain word that is an identifier found above ("serializeorder") would only repeat it
    const named = new Set([...found.keys()].map((t) => t.toLowerCase()));
    for (const m of text.matchAll(word)) if (!named.has(m[0].toLowerCase())) add(m[0].toLowerCase(), 'word');
    for (const [t, f] of found) {
      const s = scores.get(t) ?? { ...f, docs: 0 };
      if (f.weight > s.weight) Object.assign(s, f);
      s.docs += 1;
      scores.set(t, s);
    }
  }
  return [...scores.entries()]
    .map(([term, s]) => ({
      term,
      kind: s.kind,
      weight: s.weight * (1 + Math.log2(s.docs)),
      searchContent: !languageKeywords.has(term.toLowerCase()),
    }))
    .sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term))
    .slice(0, limit);
}
