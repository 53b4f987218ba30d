import { z } from 'zod';
import type { NewFeedbackItem } from '../../feedback/feedback-item.js';
import { httpUrl, parsePayload, sha256, toDate, truncate } from './parse-helpers.js';
import { defineVendor, findByToken, tokenSecret, type Vendor } from './vendor.js';

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

/**
 * PostHog's HTTP Webhook destination (default body {event, person}) and the legacy action webhook ({text}).
 * The legacy body carries no id, so identical messages count as one report.
 */
export function parsePosthog(body: unknown): NewFeedbackItem[] {
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
    return [
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
    ];
  }
  const a = parsePayload('PostHog action webhook', legacyAction, body);
  // "[Action](link) was triggered by [person](link)": keep the words, drop the markdown links.
  const plain = a.text.replace(/\[([^\]]*)\]\((https?:\/\/[^)]+)\)/g, '$1');
  const firstLink = /\]\((https?:\/\/[^)]+)\)/.exec(a.text)?.[1];
  return [
    {
      source: 'posthog',
      externalId: `text:${sha256(a.text)}`,
      title: truncate(plain, 1000),
      body: a.text,
      url: firstLink,
      metadata: { legacyAction: true },
    },
  ];
}

/** PostHog: the HTTP Webhook destination (or a legacy action webhook), authenticated by a token header. */
export const posthog: Vendor<'posthog'> = defineVendor({
  kind: 'posthog',
  label: 'PostHog',
  about: 'An HTTP Webhook destination.',
  ingestPath: '/ingest/posthog/webhook',
  polled: false,
  config: z.object({ events: z.array(z.string().min(1)).max(100).default([]) }),
  fields: [
    { name: 'events', label: 'Events filter', type: 'list', hint: 'Event names to keep; blank keeps all.' },
  ],
  secrets: [tokenSecret('PostHog')],
  setup: {
    auth: 'Add a header X-Soulcaster-Token: <your token> (or Authorization: Bearer <your token>) to the HTTP Webhook destination.',
    steps: [
      'Generate a token here and save the source.',
      'In PostHog, open Data pipelines → Destinations and add an HTTP Webhook destination with the URL below.',
      'Add the header X-Soulcaster-Token with your token, and pick the events to send.',
    ],
  },
  authenticate: findByToken,
  parse: ({ body }) => ({ items: parsePosthog(body) }),
  // The event name is kept in metadata.event; legacy action webhooks carry none and are never filtered.
  filter: (config, item) => {
    const name = typeof item.metadata?.event === 'string' ? item.metadata.event : null;
    if (config.events.length > 0 && name !== null && !config.events.includes(name))
      return `event ${name} is not selected`;
    return undefined;
  },
});
