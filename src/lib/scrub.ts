/**
 * Removes what should not leave the building when text goes to a third-party model: e-mail addresses and
 * things shaped like credentials. Deliberately conservative: a false positive costs a word, a miss leaks.
 */
const patterns: [RegExp, string][] = [
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
  [/\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g, '[token]'],
  [/\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}\b/g, '[token]'],
  [/\bAKIA[0-9A-Z]{16}\b/g, '[token]'],
  [/\bxox[abpr]-[A-Za-z0-9-]{10,}\b/g, '[token]'],
  [/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\b/g, '[token]'],
  [
    /\b(bearer|token|api[_-]?key|secret|password|passwd)(\s*[:=]\s*|\s+)(["']?)[^\s"']{6,}\3/gi,
    '$1$2[redacted]',
  ],
];

export function scrubSecrets(text: string): string {
  return patterns.reduce((t, [re, sub]) => t.replace(re, sub), text);
}
