const FALLBACK = '/dashboard';
// A base no request can name: the candidate must resolve to it, i.e. stay on our own origin.
const BASE = 'http://soulcaster.invalid';
const MAX_LENGTH = 2048;

/**
 * The page to land on after sign-in, reduced to a same-origin path or `/dashboard`.
 *
 * A browser's URL parser drops tabs and newlines and reads `\` as `/`, so `/\t/evil.example` and `/\evil`
 * are off-site once it has parsed them. Any control character, backslash, scheme-relative `//` start, or
 * a value that resolves to another origin is therefore refused outright, and what is returned is the
 * parsed form (path, query, fragment), so the browser follows exactly what was checked. Control
 * characters would also be invalid in the Location header.
 */
export function safeReturnTo(value: string | undefined): string {
  if (value === undefined || value.length === 0 || value.length > MAX_LENGTH) return FALLBACK;
  // eslint-disable-next-line no-control-regex -- control characters are what this rejects
  if (/[\u0000-\u001f\u007f-\u009f\\]/.test(value)) return FALLBACK;
  if (!value.startsWith('/') || value.startsWith('//')) return FALLBACK;
  let parsed: URL;
  try {
    parsed = new URL(value, BASE);
  } catch {
    return FALLBACK;
  }
  if (parsed.origin !== BASE) return FALLBACK;
  const path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  // an encoded separator that decodes to a scheme-relative start is refused too (`/%2F%2Fevil`)
  if (/^\/(?:\/|%2f|%5c)/i.test(path)) return FALLBACK;
  return path;
}
