import { z } from 'zod';
import type { Clock } from '../../../lib/clock.js';
import { AppError } from '../../errors.js';
import { sha256 } from '../vendors/parse-helpers.js';

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().positive(),
  scope: z.string().optional(),
});

// Renew a little before Reddit's expiry, so a token never lapses between the check and the request.
const EXPIRY_MARGIN_MS = 60_000;

export interface RedditTokenDeps {
  fetch: typeof fetch;
  clock: Clock;
  /** www host: /api/v1/access_token lives there, not on the oauth host */
  baseUrl: string;
  userAgent: string;
}

/**
 * App-only OAuth tokens for Reddit (client credentials of a "script" or "web" app), one per client id and
 * secret, kept in memory until shortly before they expire. A token is a bearer credential: it is never
 * written to the database or logged.
 */
export class RedditTokenCache {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  constructor(private readonly deps: RedditTokenDeps) {}

  private key = (clientId: string, secret: string) => `${clientId}:${sha256(secret)}`;

  /** A valid token, asking Reddit for a new one only when none is cached or it is about to expire. */
  async get(clientId: string, secret: string): Promise<string> {
    const key = this.key(clientId, secret);
    const now = this.deps.clock.now().getTime();
    const cached = this.tokens.get(key);
    if (cached !== undefined && cached.expiresAt - EXPIRY_MARGIN_MS > now) return cached.token;
    const res = await this.deps.fetch(`${this.deps.baseUrl}/api/v1/access_token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': this.deps.userAgent,
        accept: 'application/json',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
    });
    if (res.status === 401)
      throw new AppError('upstream_failed', 'Reddit refused the OAuth client id or secret (401)');
    if (!res.ok) throw new AppError('upstream_failed', `Reddit's token endpoint answered ${res.status}`);
    const body: unknown = await res.json().catch(() => null);
    const parsed = tokenResponse.safeParse(body);
    if (!parsed.success) {
      // Reddit answers some refusals with 200 and {"error": "..."}
      const error = (body as { error?: unknown } | null)?.error;
      throw new AppError(
        'upstream_failed',
        `Reddit gave no access token${typeof error === 'string' ? `: ${error}` : ''}`,
      );
    }
    this.tokens.set(key, {
      token: parsed.data.access_token,
      expiresAt: now + parsed.data.expires_in * 1000,
    });
    return parsed.data.access_token;
  }

  /** Forgets a token Reddit no longer accepts (401 on a request), so the next get asks for a new one. */
  invalidate(clientId: string, secret: string): void {
    this.tokens.delete(this.key(clientId, secret));
  }
}
