import { describe, expect, it } from 'vitest';
import { cosine } from '../../src/domain/clustering/embedder.js';
import { LocalEmbedder } from '../../src/domain/clustering/embedders/local-embedder.js';
import { markValues, parameterize } from '../../src/domain/clustering/embedders/parameterize.js';

describe('parameterization before embedding', () => {
  it.each([
    ['mail bob.smith+x@example.com now', 'mail <email> now'],
    [
      'see https://app.example.com/orders/123?utm=abc&x=1#frag, then',
      'see app.example.com/orders/<num> <url> then',
    ],
    ['request 3f2b9c1e-1a2b-4c3d-8e9f-0123456789ab failed', 'request <uuid> failed'],
    ['from 10.0.0.12:8080 and fe80:0:0:0:0:0:0:1', 'from <ip> and <ip>'],
    ['on 2024-03-05T10:22:11Z and 05/01/2024', 'on <date> and <date>'],
    ['at 10:32', 'at <time>'],
    ['upgrade jetty to 9.4.43 and v2', 'upgrade jetty to <version> and <version>'],
    ['commit deadbeef1234 at 0x1F', 'commit <hex> at <hex>'],
    ['order #4521 took 30s for 1,000.50 EUR', 'order #<num> took <num>s for <num> EUR'],
    // identifiers keep their numbers: a word with a digit is a name, not a value
    ['2FA over SMS fails in HDFS-1234 with s3a', '2FA over SMS fails in HDFS-1234 with s3a'],
  ])('%s', (text, expected) => {
    expect(parameterize(text)).toBe(expected);
  });

  it('keeps the replaced value for the embedder, and rules never rewrite an earlier placeholder', () => {
    expect(markValues('v 3.3.1 at https://x.org/a?b=1 on 2024-01-02')).toBe(
      'v <version:3.3.1> at x.org/a <url:x.org/a> on <date:2024-01-02>',
    );
  });

  it('a report’s numbers and ids never outweigh its words', () => {
    const e = new LocalEmbedder();
    const a = e.embedOne(
      'Order 48213 failed\nOrder 48213 failed\nPayment for order 48213 by ann@x.example failed at 10:42',
    );
    const b = e.embedOne(
      'Order 99107 failed\nOrder 99107 failed\nPayment for order 99107 by bob@y.example failed at 23:05',
    );
    // same words, other values: nearly the same vector
    expect(cosine(a, b)).toBeGreaterThan(0.8);
    // same values, other words: far apart
    const c = e.embedOne('Dark mode 48213\nDark mode 48213\nTheme colours 48213 ann@x.example 10:42');
    expect(cosine(a, c)).toBeLessThan(0.35);
  });
});
