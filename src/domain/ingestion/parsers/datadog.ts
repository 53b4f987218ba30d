import { z } from 'zod';
import type { NewFeedbackItem } from '../../feedback/feedback-item.js';
import { httpUrl, parsePayload, sha256, toDate, truncate } from './parse-helpers.js';

// Every template variable arrives as a string, and users edit the template freely: read what is there.
const str = z.union([z.string(), z.number()]).transform(String).nullish();
const datadogPayload = z
  .object({
    id: str,
    title: str,
    body: str,
    event_type: str,
    date: str,
    last_updated: str,
    aggreg_key: str,
    hostname: str,
    link: str,
    priority: str,
    tags: z.union([z.string(), z.array(z.string())]).nullish(),
    alert: z
      .object({
        id: str,
        cycle_key: str,
        priority: str,
        transition: str,
        title: str,
        metric: str,
        query: str,
        scope: str,
        status: str,
        type: str,
      })
      .loose()
      .nullish(),
    org: z.object({ id: str, name: str }).loose().nullish(),
  })
  .loose();

// Datadog wraps markdown bodies in %%% fences.
const stripFences = (s: string) =>
  s
    .replace(/^%%%\s*\n?/, '')
    .replace(/\n?%%%\s*$/, '')
    .trim();

export interface DatadogParsed {
  items: NewFeedbackItem[];
  priority: string | null;
  transition: string | null;
}

/** Datadog monitor webhooks, default template ({id,title,body,...}) or a custom one with `alert` fields. */
export function parseDatadog(body: unknown, rawText: string): DatadogParsed {
  const p = parsePayload('Datadog webhook', datadogPayload, body);
  const title = p.title ?? p.alert?.title;
  if (!title) return { items: [], priority: null, transition: null };
  const transition = p.alert?.transition ?? null;
  const priority = p.alert?.priority ?? null;
  const tags = Array.isArray(p.tags)
    ? p.tags
    : (p.tags ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
  return {
    priority,
    transition,
    items: [
      {
        source: 'datadog',
        // The event id identifies one notification; without it, the exact body does.
        externalId: p.id ?? `body:${sha256(rawText)}`,
        title: truncate(title, 1000),
        body: stripFences(p.body ?? p.alert?.status ?? ''),
        url: httpUrl(p.link),
        occurredAt: toDate(p.date) ?? toDate(p.last_updated),
        metadata: {
          eventType: p.event_type ?? null,
          monitorId: p.alert?.id ?? null,
          cycleKey: p.alert?.cycle_key ?? null,
          aggregKey: p.aggreg_key ?? null,
          priority,
          transition,
          metric: p.alert?.metric ?? null,
          query: p.alert?.query ?? null,
          scope: p.alert?.scope ?? null,
          hostname: p.hostname ?? null,
          tags,
          org: p.org?.name ?? null,
        },
      },
    ],
  };
}
