import { z } from 'zod';
import type { NewFeedbackItem } from '../../feedback/feedback-item.js';
import { applyMapping, fieldMapping, mappingOf } from './field-mapping.js';
import { httpUrl, parsePayload, sha256, toDate, truncate } from './parse-helpers.js';
import { readPosthogException } from './posthog-exception.js';
import { defineVendor, findByToken, tokenSecret, type Vendor } from './vendor.js';

const id = z.union([z.string(), z.number()]);
const props = z.record(z.string(), z.unknown());

/** The HTTP Webhook destination's default body: {event, person}. */
const destination = z
  .object({
    event: z
      .object({
        uuid: z.string().min(1),
        event: z.string(),
        distinct_id: id.nullish(),
        timestamp: z.string().nullish(),
        url: z.string().nullish(),
        properties: props.nullish(),
      })
      .loose(),
    person: z
      .object({
        id: id.nullish(),
        name: z.string().nullish(),
        url: z.string().nullish(),
        properties: props.nullish(),
      })
      .loose()
      .nullish(),
  })
  .loose();

/** A REST hook (the Zapier-style action subscription): {hook: {id, event, target}, data: {event, properties, …}}. */
const restHook = z
  .object({
    hook: z.object({ id: id.nullish(), event: z.string().nullish(), target: z.string().nullish() }).loose(),
    data: z
      .object({
        event: z.string(),
        eventUuid: z.string().nullish(),
        uuid: z.string().nullish(),
        timestamp: z.string().nullish(),
        distinctId: id.nullish(),
        distinct_id: id.nullish(),
        properties: props.nullish(),
        person: z.object({ uuid: z.string().nullish(), properties: props.nullish() }).loose().nullish(),
      })
      .loose(),
  })
  .loose();

/** An event as the capture API takes it, which an edited destination template often forwards as is. */
const captureEvent = z
  .object({
    event: z.string().min(1),
    uuid: z.string().nullish(),
    distinct_id: id.nullish(),
    timestamp: z.string().nullish(),
    properties: props,
  })
  .loose();

const legacyAction = z.object({ text: z.string().min(1) }).loose();

/** The one event every shape carries, in the names this parser uses. */
interface PosthogEvent {
  uuid: string | undefined;
  name: string;
  distinctId: string | undefined;
  timestamp: string | undefined;
  url: string | undefined;
  properties: Record<string, unknown>;
  person: { name?: string; url?: string; email?: string };
  shape: 'destination' | 'rest_hook' | 'capture';
}

const str = (v: unknown) => (v === null || v === undefined ? undefined : String(v));
const email = (p: Record<string, unknown> | null | undefined) =>
  typeof p?.email === 'string' ? p.email : undefined;

function readEvent(body: unknown): PosthogEvent | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  if ('hook' in body && 'data' in body) {
    const h = parsePayload('PostHog REST hook', restHook, body);
    return {
      uuid: h.data.eventUuid ?? h.data.uuid ?? undefined,
      name: h.data.event,
      distinctId: str(h.data.distinctId ?? h.data.distinct_id),
      timestamp: h.data.timestamp ?? undefined,
      url: undefined,
      properties: h.data.properties ?? {},
      person: { email: email(h.data.person?.properties) },
      shape: 'rest_hook',
    };
  }
  if (!('event' in body)) return undefined;
  if (typeof body.event === 'string') {
    const c = parsePayload('PostHog event', captureEvent, body);
    return {
      uuid: c.uuid ?? undefined,
      name: c.event,
      distinctId: str(c.distinct_id ?? c.properties.distinct_id),
      timestamp: c.timestamp ?? undefined,
      url: undefined,
      properties: c.properties,
      person: {},
      shape: 'capture',
    };
  }
  const d = parsePayload('PostHog destination webhook', destination, body);
  return {
    uuid: d.event.uuid,
    name: d.event.event,
    distinctId: str(d.event.distinct_id),
    timestamp: d.event.timestamp ?? undefined,
    url: d.event.url ?? undefined,
    properties: d.event.properties ?? {},
    person: {
      name: d.person?.name ?? undefined,
      url: d.person?.url ?? undefined,
      email: email(d.person?.properties),
    },
    shape: 'destination',
  };
}

// Properties that describe the user's problem in PostHog's own survey/exception events.
const TEXT_PROPS = ['$exception_message', '$survey_response', 'message', 'feedback', 'text', 'description'];

function eventItem(e: PosthogEvent, rawText: string): NewFeedbackItem {
  const p = e.properties;
  const page = typeof p.$current_url === 'string' ? p.$current_url : undefined;
  const exception = readPosthogException(p);
  const text = TEXT_PROPS.map((k) => p[k]).find((v): v is string => typeof v === 'string' && v.length > 0);
  const title =
    exception?.title ??
    (text ? truncate(text.split('\n')[0] ?? text, 200) : `${e.name}${page ? ` on ${page}` : ''}`);
  const body = exception
    ? [exception.body, page ? `Page: ${page}` : ''].filter(Boolean).join('\n\n')
    : [text, `Event: ${e.name}`, page ? `Page: ${page}` : ''].filter(Boolean).join('\n');
  return {
    source: 'posthog',
    // an event without a uuid (REST hooks of old servers, hand-made templates) is identified by its body
    externalId: e.uuid ?? `body:${sha256(rawText)}`,
    title: truncate(title, 1000),
    body,
    url: httpUrl(e.url),
    author: e.person.name ?? e.person.email ?? e.distinctId,
    occurredAt: toDate(e.timestamp),
    metadata: {
      event: e.name,
      shape: e.shape,
      distinctId: e.distinctId ?? null,
      personUrl: e.person.url ?? null,
      properties: p,
      ...(exception?.metadata ?? {}),
    },
  };
}

/**
 * PostHog deliveries, by shape: the HTTP Webhook destination (default body {event, person}), a REST hook
 * ({hook, data}), a capture-API event a template forwards ({event: "name", properties}), and the legacy
 * action webhook ({text}, no id: identical messages count as one report). Error-tracking `$exception` events
 * take their title and stack trace from `$exception_list`.
 */
export function parsePosthog(body: unknown, rawText = JSON.stringify(body)): NewFeedbackItem[] {
  const event = readEvent(body);
  if (event !== undefined) return [eventItem(event, rawText)];
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

/** PostHog: an HTTP Webhook destination (or a REST hook / legacy action webhook), authenticated by a token header. */
export const posthog: Vendor<'posthog'> = defineVendor({
  kind: 'posthog',
  label: 'PostHog',
  about: 'An HTTP Webhook destination.',
  ingestPath: '/ingest/posthog/webhook',
  polled: false,
  mappable: true,
  config: z.object({
    events: z.array(z.string().min(1)).max(100).default([]),
    mapping: fieldMapping.nullish(),
  }),
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
      'Edited the body template? Map its fields below (Field mapping) and preview them on the last delivery.',
    ],
  },
  authenticate: findByToken,
  parse: ({ body, rawBody, config }) => {
    const mapping = mappingOf(config);
    const rawText = rawBody.toString('utf8');
    return {
      items: mapping ? [applyMapping('posthog', mapping, body, rawText)] : parsePosthog(body, rawText),
    };
  },
  // The event name is kept in metadata.event; legacy action webhooks and mapped bodies carry none.
  filter: (config, item) => {
    const name = typeof item.metadata?.event === 'string' ? item.metadata.event : null;
    if (config.events.length > 0 && name !== null && !config.events.includes(name))
      return `event ${name} is not selected`;
    return undefined;
  },
});
