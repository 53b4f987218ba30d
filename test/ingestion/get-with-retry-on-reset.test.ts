import { describe, expect, it } from 'vitest';
import { getWithRetryOnReset } from '../../src/domain/ingestion/pollers/get-with-retry-on-reset.js';

const failing = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code } });

describe('getWithRetryOnReset', () => {
  it('sends the GET once more when the pooled connection was reset, and only then', async () => {
    const calls: string[] = [];
    const reset: typeof fetch = async (url) => {
      calls.push(String(url));
      if (calls.length === 1) throw failing('ECONNRESET');
      return new Response('ok');
    };
    expect(await (await getWithRetryOnReset(reset, 'http://127.0.0.1/x')).text()).toBe('ok');
    expect(calls).toEqual(['http://127.0.0.1/x', 'http://127.0.0.1/x']);

    let refused = 0;
    const down: typeof fetch = async () => {
      refused++;
      throw failing('ECONNREFUSED');
    };
    await expect(getWithRetryOnReset(down, 'http://127.0.0.1/x')).rejects.toThrow('fetch failed');
    expect(refused).toBe(1);
  });
});
