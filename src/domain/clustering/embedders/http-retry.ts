import { AppError } from '../../errors.js';

/**
 * POST JSON with retries on 429, 5xx and network errors: exponential backoff from 500 ms, honouring
 * Retry-After, at most `attempts` tries. Other failures are final and say what the service answered.
 */
export async function postJsonWithRetry(
  fetchImpl: typeof fetch,
  url: string,
  init: { headers: Record<string, string>; body: unknown },
  opts: { attempts?: number; service: string; sleep?: (ms: number) => Promise<void> },
): Promise<unknown> {
  const attempts = opts.attempts ?? 4;
  const sleep = opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  let lastError = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let res: Response | undefined;
    try {
      res = await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...init.headers },
        body: JSON.stringify(init.body),
      });
    } catch (err) {
      lastError = (err as Error).message;
    }
    if (res?.ok) return res.json();
    if (res && res.status !== 429 && res.status < 500) {
      const text = await res.text().catch(() => '');
      throw new AppError('upstream_failed', `${opts.service} answered ${res.status}: ${text.slice(0, 300)}`);
    }
    if (res) lastError = `${res.status} ${(await res.text().catch(() => '')).slice(0, 200)}`;
    if (attempt === attempts) break;
    const retryAfter = Number(res?.headers.get('retry-after'));
    await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 500 * 2 ** (attempt - 1));
  }
  throw new AppError('upstream_failed', `${opts.service} failed after ${attempts} attempts: ${lastError}`);
}
