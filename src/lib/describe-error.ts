/**
 * An error's message followed by its causes' ("fetch failed: connect ECONNREFUSED 127.0.0.1:9"): Node's
 * fetch reports only "fetch failed" and keeps what actually went wrong (refused, DNS, TLS, timeout) in
 * `cause`, sometimes an AggregateError of one per address tried.
 */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (current instanceof AggregateError && current.errors.length > 0) {
      const inner = [...new Set(current.errors.map((e) => describeError(e)))];
      parts.push(current.message ? `${current.message} (${inner.join('; ')})` : inner.join('; '));
      break;
    }
    const message = current instanceof Error ? current.message : String(current);
    if (message !== '' && !parts.some((p) => p.includes(message))) parts.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ') || 'unknown error';
}
