import { z } from 'zod';
import type { NewFeedbackItem } from '../../feedback/feedback-item.js';
import { applyMapping, fieldMapping, mappingOf } from './field-mapping.js';
import { httpUrl, parsePayload, sha256, toDate, truncate } from './parse-helpers.js';
import { defineVendor, findByToken, tokenSecret, type Vendor } from './vendor.js';

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

/** Datadog monitor webhooks, default template ({id,title,body,...}) or a custom one with `alert` fields. */
export function parseDatadog(body: unknown, rawText: string): NewFeedbackItem[] {
  const p = parsePayload('Datadog webhook', datadogPayload, body);
  const title = p.title ?? p.alert?.title;
  if (!title) return [];
  const transition = p.alert?.transition ?? null;
  const priority = p.alert?.priority ?? null;
  const tags = Array.isArray(p.tags)
    ? p.tags
    : (p.tags ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
  return [
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
  ];
}

const priorities = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
const text = (v: unknown) => (typeof v === 'string' ? v : null);

/** Datadog: a webhook integration called from monitors; Datadog cannot sign, so a custom header carries a token. */
export const datadog: Vendor<'datadog'> = defineVendor({
  kind: 'datadog',
  label: 'Datadog',
  about: 'A webhook integration called from monitors.',
  ingestPath: '/ingest/datadog/webhook',
  polled: false,
  mappable: true,
  config: z.object({
    priorities: z.array(z.enum(priorities)).default([]),
    includeRecoveries: z.boolean().default(false),
    mapping: fieldMapping.nullish(),
  }),
  fields: [
    {
      name: 'priorities',
      label: 'Priorities',
      type: 'checkboxes',
      options: [...priorities],
      hint: 'None checked keeps all.',
    },
    {
      name: 'includeRecoveries',
      label: 'Include recoveries',
      type: 'checkbox',
      hint: 'Also store "recovered" notifications.',
    },
  ],
  secrets: [tokenSecret('Datadog')],
  setup: {
    auth: 'Add a custom header X-Soulcaster-Token: <your token> (or Authorization: Bearer <your token>) to the Datadog webhook; token= in the URL also works but ends up in logs.',
    steps: [
      'Generate a token here and save the source.',
      'In Datadog, open Integrations → Webhooks and add a webhook with the URL below.',
      'Under custom headers add {"X-Soulcaster-Token": "<your token>"}.',
      'Mention @webhook-<name> in the monitors that should report here.',
    ],
  },
  authenticate: findByToken,
  parse: ({ body, rawBody, config }) => {
    const mapping = mappingOf(config);
    const rawText = rawBody.toString('utf8');
    return {
      items: mapping ? [applyMapping('datadog', mapping, body, rawText)] : parseDatadog(body, rawText),
    };
  },
  // The monitor's transition and priority travel in each item's metadata (see parseDatadog).
  filter: (config, item) => {
    // a mapped body has no monitor fields of Datadog's default template to filter on
    if (item.metadata?.mapped === true) return undefined;
    const transition = text(item.metadata?.transition);
    const priority = text(item.metadata?.priority);
    if (transition === 'Recovered' && !config.includeRecoveries) return 'recovery notifications are off';
    const wanted: string[] = config.priorities;
    if (wanted.length > 0 && (priority === null || !wanted.includes(priority)))
      return `priority ${priority ?? 'none'} is not in ${wanted.join(', ')}`;
    return undefined;
  },
});
