import { z } from 'zod';
import type { NewFeedbackItem } from '../../feedback/feedback-item.js';
import { httpUrl, parsePayload, sha256, toDate, truncate } from './parse-helpers.js';

const destination = z
  .object({
    event: z
      .object({
        uuid: z.string().min(1),
        event: z.string(),
        distinct_id: z.union([z.string(), z.number()]).nullish(),
        timestamp: z.string().nullish(),
        url: z.string().nullish(),
        properties: z.record(z.string(), z.unknown()).nullish(),
      })
      .loose(),
    person: z
      .object({
        id: z.union([z.string(), z.number()]).nullish(),
        name: z.string().nullish(),
        url: z.string().nullish(),
        properties: z.record(z.string(), z.unknown()).nullish(),
      })
      .loose()
      .nullish(),
  })
  .loose();

const legacyAction = z.object({ text: z.string().min(1) }).loose();

// Properties that describe the user's problem in PostHog's own survey/exception events.
const TEXT_PROPS = ['$exception_message', '$survey_response', 'message', 'feedback', 'text', 'description'];

export interface PosthogParsed {
  items: NewFeedbackItem[];
  eventName: string | null;
}

/**
 * PostHog's HTTP Webhook destination (default body {event, person}) and the legacy action webhook ({text}).
 * The legacy body carries no id, so identical messages count as one report.
 */
export function parsePosthog(body: unknown): PosthogParsed {
  if (typeof body === 'object' && body !== null && 'event' in body) {
    const d = parsePayload('PostHog destination webhook', destination, body);
    const props = d.event.properties ?? {};
    const text = TEXT_PROPS.map((k) => props[k]).find(
      (v): v is string => typeof v === 'string' && v.length > 0,
    );
    const page = typeof props.$current_url === 'string' ? props.$current_url : undefined;
    const title = text
      ? truncate(text.split('\n')[0] ?? text, 200)
      : `${d.event.event}${page ? ` on ${page}` : ''}`;
    return {
      eventName: d.event.event,
      items: [
        {
          source: 'posthog',
          externalId: d.event.uuid,
          title: truncate(title, 1000),
          body: [text, `Event: ${d.event.event}`, page ? `Page: ${page}` : ''].filter(Boolean).join('\n'),
          url: httpUrl(d.event.url),
          author: d.person?.name ?? (d.event.distinct_id != null ? String(d.event.distinct_id) : undefined),
          occurredAt: toDate(d.event.timestamp),
          metadata: {
            event: d.event.event,
            distinctId: d.event.distinct_id ?? null,
            personUrl: d.person?.url ?? null,
            properties: props,
          },
        },
      ],
    };
  }
  const a = parsePayload('PostHog action webhook', legacyAction, body);
  // "[Action](link) was triggered by [person](link)": keep the words, drop the markdown links.
  const plain = a.text.replace(/\[([^\]]*)\]\((https?:\/\/[^)]+)\)/g, '$1');
  const firstLink = /\]\((https?:\/\/[^)]+)\)/.exec(a.text)?.[1];
  return {
    eventName: null,
    items: [
      {
        source: 'posthog',
        externalId: `text:${sha256(a.text)}`,
        title: truncate(plain, 1000),
        body: a.text,
        url: firstLink,
        metadata: { legacyAction: true },
      },
    ],
  };
}
