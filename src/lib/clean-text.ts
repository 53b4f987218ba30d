/**
 * PostgreSQL refuses a NUL character in text and jsonb, and an unpaired UTF-16 surrogate in jsonb (as
 * `\ud800`); one such character anywhere in a vendor payload failed the whole delivery. These make any
 * string storable: NULs are removed, a lone surrogate becomes U+FFFD.
 */
// eslint-disable-next-line no-control-regex -- NUL is what this removes
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function cleanText(s: string): string {
  return s.replace(NUL, '').replace(LONE_SURROGATE, '\ufffd');
}

/** How deep stored JSON may nest; deeper parts are replaced by a note (see cleanJson). */
export const MAX_JSON_DEPTH = 100;

/**
 * A copy of parsed JSON with every string and key cleaned. Parts nested deeper than maxDepth are
 * replaced by a short note: nothing Soulcaster reads lies that deep, and PostgreSQL's jsonb has a
 * recursion limit of its own.
 */
export function cleanJson(value: unknown, maxDepth = MAX_JSON_DEPTH): unknown {
  const visit = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return cleanText(v);
    if (v === null || typeof v !== 'object') return v;
    if (depth >= maxDepth) return `[nested deeper than ${maxDepth} levels]`;
    if (Array.isArray(v)) return v.map((x) => visit(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[cleanText(k)] = visit(x, depth + 1);
    return out;
  };
  return visit(value, 0);
}
