import { z } from 'zod';
import type { NewFeedbackItem } from '../../feedback/feedback-item.js';
import { httpUrl, parsePayload, toDate, truncate } from './parse-helpers.js';

const post = z
  .object({
    name: z.string().regex(/^t3_/),
    id: z.string(),
    title: z.string(),
    selftext: z.string().nullish(),
    author: z.string().nullish(),
    permalink: z.string().nullish(),
    url: z.string().nullish(),
    created_utc: z.number().nullish(),
    subreddit: z.string().nullish(),
    score: z.number().nullish(),
    num_comments: z.number().nullish(),
    link_flair_text: z.string().nullish(),
    over_18: z.boolean().nullish(),
  })
  .loose();

export const redditListing = z
  .object({
    kind: z.literal('Listing'),
    data: z
      .object({
        children: z.array(z.object({ kind: z.string(), data: z.record(z.string(), z.unknown()) }).loose()),
        after: z.string().nullish(),
        before: z.string().nullish(),
      })
      .loose(),
  })
  .loose();

// The public .json escapes entities unless raw_json=1; decode the few Reddit emits so text reads right.
const decodeEntities = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

export interface ParsedListing {
  items: NewFeedbackItem[];
  /** fullnames in listing order (newest first for /new) */
  names: string[];
  after: string | null;
}

/** A Reddit listing (`/r/{sub}/new.json`): every t3 (link/self post) child becomes a feedback item. */
export function parseRedditListing(body: unknown, baseUrl = 'https://www.reddit.com'): ParsedListing {
  const listing = parsePayload('Reddit listing', redditListing, body);
  const items: NewFeedbackItem[] = [];
  const names: string[] = [];
  for (const child of listing.data.children) {
    if (child.kind !== 't3') continue;
    const p = parsePayload('Reddit post', post, child.data);
    names.push(p.name);
    items.push({
      source: 'reddit',
      externalId: p.name,
      title: truncate(decodeEntities(p.title), 1000),
      body: decodeEntities(p.selftext ?? ''),
      url: p.permalink ? `${baseUrl}${p.permalink}` : httpUrl(p.url),
      author: p.author ?? undefined,
      occurredAt: toDate(p.created_utc),
      raw: child,
      metadata: {
        subreddit: p.subreddit ?? null,
        score: p.score ?? null,
        comments: p.num_comments ?? null,
        flair: p.link_flair_text ?? null,
        linkUrl: httpUrl(p.url) ?? null,
      },
    });
  }
  return { items, names, after: listing.data.after ?? null };
}
