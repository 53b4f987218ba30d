import { readFileSync } from 'node:fs';
import { sendJson, startFakeServer, type FakeServer } from './http-server.js';

type Post = Record<string, unknown> & { name: string };

/**
 * Reddit's listing API as documented (GET /r/{sub}/new.json with limit, before, after; Listing/t3 shape),
 * seeded with the recorded r/AskReddit listing. Posts are kept newest first, like /new.
 */
export interface FakeReddit extends FakeServer {
  posts: Post[];
  addPost(title: string, selftext?: string): Post;
  /** answer the next n requests with 429 and this Retry-After */
  rateLimitNext(n: number, retryAfterSeconds: number): void;
}

export async function startFakeReddit(): Promise<FakeReddit> {
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
  const server = await startFakeServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const match = /^\/r\/([A-Za-z0-9_]+)\/new\.json$/.exec(url.pathname);
    if (!match) return sendJson(res, 404, { message: 'Not Found', error: 404 });
    if (!req.headers['user-agent']) return sendJson(res, 403, { message: 'Forbidden', error: 403 });
    if (limited > 0) {
      limited--;
      return sendJson(
        res,
        429,
        { message: 'Too Many Requests', error: 429 },
        { 'retry-after': String(retryAfter) },
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
    sendJson(res, 200, {
      kind: 'Listing',
      data: {
        modhash: '',
        dist: page.length,
        children: page.map((p) => ({ kind: 't3', data: p })),
        after: page.length === limit ? (page.at(-1)?.name ?? null) : null,
        before: before && page.length > 0 ? page[0]!.name : null,
      },
    });
  });
  return Object.assign(server, {
    posts,
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
  });
}
