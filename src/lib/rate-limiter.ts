/**
 * Token bucket per key, in memory. In scaled mode each process limits on its own; that bounds abuse of a
 * single process, which is what the limit is for.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    /** keys kept before full buckets are dropped, so a stream of new keys (addresses) cannot grow memory */
    private readonly maxKeys = 10_000,
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds until a token is free. */
  take(key: string): number {
    const b = this.refill(key);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return this.waitSeconds(b.tokens);
  }

  /** Like take, without taking: 0 when a token is free, else the seconds until one is. */
  peek(key: string): number {
    const b = this.buckets.get(key);
    if (b === undefined) return 0;
    const tokens = Math.min(this.perMinute, b.tokens + (this.now() - b.at) * this.rate);
    return tokens >= 1 ? 0 : this.waitSeconds(tokens);
  }

  private get rate() {
    return this.perMinute / 60_000;
  }

  private waitSeconds(tokens: number) {
    return Math.max(1, Math.ceil((1 - tokens) / this.rate / 1000));
  }

  private refill(key: string) {
    const now = this.now();
    let b = this.buckets.get(key);
    if (b === undefined) {
      if (this.buckets.size >= this.maxKeys) this.dropFullBuckets(now);
      b = { tokens: this.perMinute, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * this.rate);
    b.at = now;
    return b;
  }

  /** A full bucket is the same as no bucket; when every bucket is in use, the oldest go. */
  private dropFullBuckets(now: number) {
    for (const [key, b] of this.buckets)
      if (b.tokens + (now - b.at) * this.rate >= this.perMinute) this.buckets.delete(key);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}
