import { z } from 'zod';
import type { NewFeedbackItem } from '../../feedback/feedback-item.js';
import { httpUrl, parsePayload, toDate, truncate } from './parse-helpers.js';
import { defineVendor, type Vendor } from './vendor.js';

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

const subreddit = z.string().regex(/^[A-Za-z0-9_]{2,21}$/, 'subreddit names are 2-21 letters, digits or _');

/** Reddit: polled from the public listing; the same listing JSON may be pushed with the project API key. */
export const reddit: Vendor<'reddit'> = defineVendor({
  kind: 'reddit',
  label: 'Reddit',
  about: 'Polls new posts of the subreddits.',
  ingestPath: '/ingest/reddit',
  polled: true,
  config: z.object({
    subreddits: z.array(subreddit).min(1, 'add at least one subreddit').max(50),
    intervalMinutes: z.number().int().min(1).max(1440).default(5),
    keywords: z.array(z.string().min(1)).max(50).default([]),
    /** a Reddit app's client id; with the clientSecret secret, polls use app-only OAuth */
    clientId: z
      .string()
      .trim()
      .max(100)
      .regex(/^[A-Za-z0-9_-]*$/, 'a Reddit client id is letters, digits, _ and -')
      // a blank form field clears it (the key is then left out of the stored settings)
      .transform((v) => (v === '' ? undefined : v))
      .optional(),
  }),
  fields: [
    {
      name: 'subreddits',
      label: 'Subreddits',
      type: 'list',
      required: true,
      hint: 'One per line, without r/.',
    },
    {
      name: 'intervalMinutes',
      label: 'Poll every (minutes)',
      type: 'number',
      min: 1,
      max: 1440,
      default: 5,
      hint: 'How often new items are fetched.',
    },
    {
      name: 'keywords',
      label: 'Keywords filter',
      type: 'list',
      hint: 'Keep only posts containing one; blank keeps all.',
    },
    {
      name: 'clientId',
      label: 'OAuth client id',
      type: 'text',
      maxLength: 100,
      hint: 'Of a Reddit "script" or "web" app (under its name at reddit.com/prefs/apps). Blank polls the public listing, which Reddit limits heavily.',
    },
  ],
  secrets: [
    {
      name: 'clientSecret',
      label: 'OAuth client secret',
      hint: "The app's secret; with the client id, polls use app-only OAuth.",
      generate: false,
    },
  ],
  setup: {
    auth: 'Polled automatically; you may also push listing JSON with Authorization: Bearer <project API key>.',
    steps: [
      'Name the subreddits to watch; new posts are fetched on the interval you set.',
      'Recommended: create a "script" app at reddit.com/prefs/apps and paste its client id and secret, so polls use OAuth and their own quota.',
    ],
  },
  parse: ({ body }) => ({ items: parseRedditListing(body).items }),
  filter: (config, item) => {
    if (config.keywords.length === 0) return undefined;
    const text = `${item.title}\n${item.body ?? ''}`.toLowerCase();
    return config.keywords.some((k) => text.includes(k.toLowerCase())) ? undefined : 'no keyword matches';
  },
});
