import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, startFakeServer, type FakeServer } from './http-server.js';

type Post = Record<string, unknown> & { name: string };

/**
 * Reddit's listing API as documented, on two hosts like Reddit's own:
 * - www: the public `GET /r/{sub}/new.json` (limit, before, after; Listing/t3 shape) and the app-only OAuth
 *   token endpoint `POST /api/v1/access_token` (HTTP Basic client id:secret, form body
 *   grant_type=client_credentials → {access_token, token_type: "bearer", expires_in, scope});
 * - oauth: `GET /r/{sub}/new` with `Authorization: bearer <token>` (401 without a valid one), answering with
 *   X-Ratelimit-Used / -Remaining (a decimal) / -Reset (seconds to the end of the window) and 429 once the
 *   window's requests are spent.
 * Seeded with the recorded r/AskReddit listing; posts are kept newest first, like /new.
 */
export interface FakeReddit extends FakeServer {
  /** the OAuth host (oauth.reddit.com) */
  oauthUrl: string;
  oauthRequests: FakeServer['requests'];
  posts: Post[];
  /** how many access tokens were issued so far */
  tokensIssued(): number;
  addPost(title: string, selftext?: string): Post;
  /** answer the next n listing requests (either host) with 429 and this Retry-After */
  rateLimitNext(n: number, retryAfterSeconds: number): void;
  /** requests per window on the OAuth host, and the window's length */
  setQuota(limit: number, windowSeconds: number): void;
  /** Reddit revokes every token issued so far (they answer 401 from now on) */
  revokeTokens(): void;
}

export interface FakeRedditOptions {
  /** the Reddit app whose client credentials the token endpoint accepts */
  app?: { clientId: string; clientSecret: string };
  tokenTtlSeconds?: number;
}

export async function startFakeReddit(opts: FakeRedditOptions = {}): Promise<FakeReddit> {
  const recorded = JSON.parse(
    readFileSync(
      new URL('../fixtures/payloads/reddit-listing-new-askreddit-2016.json', import.meta.url),
      'utf8',
    ),
  ) as {
    data: { children: { kind: string; data: Post }[] };
  };
  const posts: Post[] = recorded.data.children.map((c) => c.data);
  let limited = 0;
  let retryAfter = 0;
  let seq = 0;
  let tokenSeq = 0;
  const valid = new Set<string>();
  let quota = { limit: 600, windowSeconds: 600 };
  let window = { startedAt: Date.now(), used: 0 };

  const listing = (url: URL, res: ServerResponse, extraHeaders: Record<string, string> = {}) => {
    if (limited > 0) {
      limited--;
      return sendJson(
        res,
        429,
        { message: 'Too Many Requests', error: 429 },
        { 'retry-after': String(retryAfter), ...extraHeaders },
      );
    }
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 25), 100);
    const before = url.searchParams.get('before');
    const after = url.searchParams.get('after');
    let page: Post[];
    if (before) {
      const i = posts.findIndex((p) => p.name === before);
      page = i <= 0 ? [] : posts.slice(Math.max(0, i - limit), i);
    } else {
      const start = after ? posts.findIndex((p) => p.name === after) + 1 : 0;
      page = posts.slice(start, start + limit);
    }
    sendJson(
      res,
      200,
      {
        kind: 'Listing',
        data: {
          modhash: '',
          dist: page.length,
          children: page.map((p) => ({ kind: 't3', data: p })),
          after: page.length === limit ? (page.at(-1)?.name ?? null) : null,
          before: before && page.length > 0 ? page[0]!.name : null,
        },
      },
      extraHeaders,
    );
  };

  const token = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const [id, secret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    if (!opts.app || id !== opts.app.clientId || secret !== opts.app.clientSecret)
      return sendJson(res, 401, { message: 'Unauthorized', error: 401 });
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'client_credentials')
      return sendJson(res, 200, { error: 'unsupported_grant_type' });
    tokenSeq++;
    const accessToken = `fake-app-token-${tokenSeq}`;
    valid.add(accessToken);
    sendJson(res, 200, {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: opts.tokenTtlSeconds ?? 86400,
      scope: '*',
    });
  };

  const www = await startFakeServer((req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!req.headers['user-agent']) return sendJson(res, 403, { message: 'Forbidden', error: 403 });
    if (req.method === 'POST' && url.pathname === '/api/v1/access_token') return token(req, res, body);
    const match = /^\/r\/([A-Za-z0-9_]+)\/new\.json$/.exec(url.pathname);
    if (!match) return sendJson(res, 404, { message: 'Not Found', error: 404 });
    listing(url, res);
  });

  const oauth = await startFakeServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!req.headers['user-agent']) return sendJson(res, 403, { message: 'Forbidden', error: 403 });
    const bearer = /^bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer === undefined || !valid.has(bearer))
      return sendJson(
        res,
        401,
        { message: 'Unauthorized', error: 401 },
        { 'www-authenticate': 'Bearer realm="reddit", error="invalid_token"' },
      );
    const match = /^\/r\/([A-Za-z0-9_]+)\/new(\.json)?$/.exec(url.pathname);
    if (!match) return sendJson(res, 404, { message: 'Not Found', error: 404 });
    const now = Date.now();
    if (now - window.startedAt >= quota.windowSeconds * 1000) window = { startedAt: now, used: 0 };
    const reset = Math.max(0, Math.ceil((window.startedAt + quota.windowSeconds * 1000 - now) / 1000));
    if (window.used >= quota.limit)
      return sendJson(
        res,
        429,
        { message: 'Too Many Requests', error: 429 },
        {
          'x-ratelimit-used': String(window.used),
          'x-ratelimit-remaining': '0.0',
          'x-ratelimit-reset': String(reset),
        },
      );
    window.used++;
    listing(url, res, {
      'x-ratelimit-used': String(window.used),
      'x-ratelimit-remaining': `${quota.limit - window.used}.0`,
      'x-ratelimit-reset': String(reset),
    });
  });

  const closeWww = www.close;
  return Object.assign(www, {
    oauthUrl: oauth.url,
    oauthRequests: oauth.requests,
    posts,
    tokensIssued: () => tokenSeq,
    addPost(title: string, selftext = '') {
      seq++;
      const id = `new${seq}`;
      const post: Post = {
        ...posts[0]!,
        id,
        name: `t3_${id}`,
        title,
        selftext,
        created_utc: 1456821458 + seq * 60,
        permalink: `/r/AskReddit/comments/${id}/x/`,
      };
      posts.unshift(post);
      return post;
    },
    rateLimitNext(n: number, seconds: number) {
      limited = n;
      retryAfter = seconds;
    },
    setQuota(limit: number, windowSeconds: number) {
      quota = { limit, windowSeconds };
      window = { startedAt: Date.now(), used: 0 };
    },
    revokeTokens() {
      valid.clear();
    },
    close: async () => {
      await closeWww();
      await oauth.close();
    },
  });
}
