/**
 * The kinds of variable values a report may carry that say nothing about which problem it describes.
 * Two reports of one crash differ by the order number, the user's e-mail, the request id or the time;
 * as words, those values are rare and so weigh most, and would push the reports apart.
 */
export const placeholderKinds = [
  'email',
  'url',
  'uuid',
  'ip',
  'date',
  'time',
  'version',
  'hex',
  'num',
] as const;
export type PlaceholderKind = (typeof placeholderKinds)[number];

// Order matters: an e-mail before its domain looks like a URL, a UUID before its hex groups, a date
// before its numbers, a version before its numbers.
const rules: { kind: PlaceholderKind; pattern: RegExp; keep?: (...groups: string[]) => string }[] = [
  { kind: 'email', pattern: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g },
  {
    // the host and path say where the problem is; the query string and fragment are one request's values
    kind: 'url',
    pattern: /\b(?:https?:\/\/|www\.)([^\s/?#"'<>]+)([^\s?#"'<>]*)(?:[?#][^\s"'<>]*)?/g,
    keep: (host = '', path = '') => `${host}${path.replace(/[.,;:!)]+$/, '')} `,
  },
  { kind: 'uuid', pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi },
  { kind: 'ip', pattern: /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g },
  { kind: 'ip', pattern: /\b(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b/gi },
  {
    kind: 'date',
    pattern:
      /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b/g,
  },
  { kind: 'time', pattern: /\b\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\b/g },
  { kind: 'version', pattern: /(?<![\w.-])v?\d+(?:\.\d+){2,}(?:[-+][\w.]+)?\b|\bv\d+(?:\.\d+)?\b/gi },
  // hex ids: 0x-prefixed, or 7+ hex digits mixing letters and digits (commit hashes, object ids)
  { kind: 'hex', pattern: /\b0x[0-9a-f]+\b|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi },
  // numbers, also with a unit or after an id's prefix ("30s", "#4521", "HDFS-1234" keeps "HDFS-"), but
  // not inside words ("2fa", "mp3")
  {
    kind: 'num',
    pattern:
      /(?<![\w.-])\d+(?:[.,]\d+)*(?=(?:ms|s|sec|secs|min|mins|h|hrs?|d|k|m|[kmgt]b|px|x|st|nd|rd|th)?(?![a-z0-9]))/gi,
  },
];

/**
 * Replaces variable values with placeholders (`<num>`, `<email>`, …) before embedding, as error
 * trackers do before grouping, so that a report's numbers and ids never outweigh its words. The
 * placeholder is kept (with a low weight in the embedder): "error <num>" still differs from "error".
 */
export function parameterize(text: string): string {
  return markValues(text).replace(/<([a-z]+):[^\s<>]*>/g, '<$1>');
}

/**
 * As parameterize, but each placeholder keeps the value it replaced (`<num:4521>`), for the embedder,
 * which may give the exact value a small weight of its own.
 */
export function markValues(text: string): string {
  let out = text;
  // every rule but the e-mail and URL ones needs a digit
  const digits = /\d/.test(text);
  for (const { kind, pattern, keep } of rules) {
    if (!digits && kind !== 'email' && kind !== 'url') continue;
    // later rules never look inside the values earlier ones marked
    out = out
      .split(/(<[a-z]+:[^\s<>]*>)/)
      .map((part, i) =>
        i % 2 === 1
          ? part
          : part.replace(pattern, (m: string, ...groups: unknown[]) => {
              const kept = keep?.(...groups.filter((g): g is string => typeof g === 'string'));
              const value = (kept ?? m)
                .trim()
                .replace(/[\s<>]/g, '_')
                .toLowerCase();
              return `${kept ?? ''}<${kind}:${value}>`;
            }),
      )
      .join('');
  }
  return out;
}
