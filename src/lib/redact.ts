/**
 * Replaces known secret values (tokens handed to a job) in text meant for logs. Exact values first, then
 * anything shaped like a GitHub token, in case a tool printed one we were not told about.
 */
export type Redactor = (text: string) => string;

const tokenShapes = /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g;

export function createRedactor(secrets: Iterable<string>): Redactor {
  const values = [...new Set([...secrets].filter((s) => s.length >= 4))]
    // longest first, so a value that contains another is replaced whole
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const v of values) if (out.includes(v)) out = out.split(v).join('[redacted]');
    return out.replace(tokenShapes, '[redacted]');
  };
}
