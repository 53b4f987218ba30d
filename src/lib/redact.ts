/**
 * Replaces known secret values (tokens handed to a job) in text meant for logs, then anything shaped like
 * a GitHub token, in case a tool printed one we were not told about.
 */
export type Redactor = (text: string) => string;

export const REDACTED = '[redacted]';

const githubTokenShapes = /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g;

/**
 * Longest value first, so a secret that contains a shorter one is not left half-visible. A multi-line
 * secret is also matched line by line, because output is reported per line and would otherwise never
 * contain the whole value.
 */
export function createRedactor(secrets: Iterable<string>): Redactor {
  const needles = new Set<string>();
  for (const value of secrets) {
    if (value === '') continue;
    needles.add(value);
    if (value.includes('\n'))
      for (const part of value.split(/\r?\n/)) if (part.trim().length >= 4) needles.add(part);
  }
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  return (text) =>
    ordered.reduce((t, needle) => t.split(needle).join(REDACTED), text).replace(githubTokenShapes, REDACTED);
}
