import { z } from 'zod';
import type { NewFeedbackItem } from '../../feedback/feedback-item.js';
import { AppError } from '../../errors.js';
import { httpUrl, parsePayload, toDate, truncate } from './parse-helpers.js';
import { formatTrace, keepFrames, vendorFrame } from './stack-trace.js';
import { defineVendor, findSigner, header, hmacHex, type Vendor } from './vendor.js';

const sentryEvent = z
  .object({
    event_id: z.string().min(1),
    title: z.string().nullish(),
    message: z.string().nullish(),
    culprit: z.string().nullish(),
    level: z.string().nullish(),
    platform: z.string().nullish(),
    datetime: z.string().nullish(),
    timestamp: z.union([z.number(), z.string()]).nullish(),
    issue_id: z.union([z.string(), z.number()]).nullish(),
    web_url: z.string().nullish(),
    issue_url: z.string().nullish(),
    release: z.string().nullish(),
    environment: z.string().nullish(),
    tags: z.array(z.tuple([z.string(), z.string()])).nullish(),
    user: z.record(z.string(), z.unknown()).nullish(),
    exception: z
      .object({
        values: z
          .array(
            z
              .object({
                type: z.string().nullish(),
                value: z.string().nullish(),
                stacktrace: z
                  .object({ frames: z.array(vendorFrame).nullish() })
                  .loose()
                  .nullish(),
              })
              .loose(),
          )
          .nullish(),
      })
      .loose()
      .nullish(),
  })
  .loose();

const sentryIssue = z
  .object({
    id: z.union([z.string(), z.number()]),
    title: z.string(),
    culprit: z.string().nullish(),
    level: z.string().nullish(),
    shortId: z.string().nullish(),
    permalink: z.string().nullish(),
    web_url: z.string().nullish(),
    firstSeen: z.string().nullish(),
    lastSeen: z.string().nullish(),
    platform: z.string().nullish(),
    project: z.object({ slug: z.string().nullish() }).loose().nullish(),
  })
  .loose();

const envelope = z.object({ action: z.string(), data: z.record(z.string(), z.unknown()) }).loose();

function eventItem(
  event: z.output<typeof sentryEvent>,
  resource: string,
  extra: Record<string, unknown>,
): NewFeedbackItem {
  const exception = event.exception?.values?.at(-1);
  const frames = keepFrames(exception?.stacktrace?.frames ?? []);
  const title =
    event.title ??
    (exception
      ? `${exception.type ?? 'Error'}: ${exception.value ?? ''}`
      : (event.message ?? 'Sentry event'));
  const trace = formatTrace(frames);
  const body = [
    exception ? `${exception.type ?? 'Error'}: ${exception.value ?? ''}` : event.message,
    event.culprit ? `Culprit: ${event.culprit}` : undefined,
    trace ? `Stack trace (most recent call first):\n${trace}` : undefined,
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    source: 'sentry',
    externalId: `event:${event.event_id}`,
    title: truncate(title, 1000),
    body,
    url: httpUrl(event.web_url) ?? httpUrl(event.issue_url),
    occurredAt: toDate(event.datetime) ?? toDate(event.timestamp),
    metadata: {
      resource,
      level: event.level ?? null,
      culprit: event.culprit ?? null,
      platform: event.platform ?? null,
      issueId: event.issue_id != null ? String(event.issue_id) : null,
      release: event.release ?? null,
      tags: Object.fromEntries(event.tags ?? []),
      exceptionType: exception?.type ?? null,
      frames,
      ...extra,
    },
  };
}

/**
 * Sentry integration-platform webhooks. The resource comes from the Sentry-Hook-Resource header:
 * event_alert (issue alert rule fired), error (every error), issue (issue lifecycle) and metric_alert.
 */
export function parseSentry(body: unknown, resource: string | undefined): NewFeedbackItem[] {
  const env = parsePayload('Sentry webhook', envelope, body);
  switch (resource) {
    case 'event_alert': {
      const event = parsePayload('Sentry event_alert', sentryEvent, env.data.event);
      const rule = typeof env.data.triggered_rule === 'string' ? env.data.triggered_rule : null;
      return [eventItem(event, resource, { triggeredRule: rule })];
    }
    case 'error':
      return [eventItem(parsePayload('Sentry error', sentryEvent, env.data.error), resource, {})];
    case 'issue': {
      if (env.action !== 'created') return [];
      const issue = parsePayload('Sentry issue', sentryIssue, env.data.issue);
      return [
        {
          source: 'sentry',
          externalId: `issue:${issue.id}`,
          title: truncate(issue.title, 1000),
          body: [
            issue.culprit ? `Culprit: ${issue.culprit}` : '',
            issue.shortId ? `Sentry issue ${issue.shortId}` : '',
          ]
            .filter(Boolean)
            .join('\n'),
          url: httpUrl(issue.web_url) ?? httpUrl(issue.permalink),
          occurredAt: toDate(issue.firstSeen),
          metadata: {
            resource,
            level: issue.level ?? null,
            culprit: issue.culprit ?? null,
            issueId: String(issue.id),
            platform: issue.platform ?? null,
          },
        },
      ];
    }
    case 'metric_alert': {
      // A resolved metric alert is good news, not a report.
      if (env.action === 'resolved') return [];
      const alert = parsePayload(
        'Sentry metric_alert',
        z
          .object({
            id: z.union([z.string(), z.number()]),
            title: z.string().nullish(),
            date_started: z.string().nullish(),
          })
          .loose(),
        env.data.metric_alert,
      );
      const title =
        typeof env.data.description_title === 'string'
          ? env.data.description_title
          : (alert.title ?? 'Sentry metric alert');
      return [
        {
          source: 'sentry',
          externalId: `metric_alert:${alert.id}:${env.action}`,
          title: truncate(title, 1000),
          body: typeof env.data.description_text === 'string' ? env.data.description_text : '',
          url: httpUrl(env.data.web_url),
          occurredAt: toDate(alert.date_started),
          metadata: {
            resource,
            level: env.action === 'critical' ? 'error' : 'warning',
            alertId: String(alert.id),
            action: env.action,
          },
        },
      ];
    }
    case undefined:
      throw new AppError(
        'malformed_payload',
        'no Sentry-Hook-Resource header, and the body is none of event_alert, error, issue, metric_alert',
      );
    default:
      return [];
  }
}

/** The data key each integration-platform resource puts its object under, most specific first. */
const resourceByKey: [key: string, resource: string][] = [
  ['triggered_rule', 'event_alert'],
  ['event', 'event_alert'],
  ['error', 'error'],
  ['metric_alert', 'metric_alert'],
  ['issue', 'issue'],
  ['comment', 'comment'],
];

/**
 * The resource a delivery is about when the Sentry-Hook-Resource header did not survive (a proxy or relay
 * that forwards only the body, a replayed delivery): read from the keys under `data`.
 */
export function inferSentryResource(body: unknown): string | undefined {
  const data = (body as { data?: unknown } | null)?.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  return resourceByKey.find(([key]) => Object.prototype.hasOwnProperty.call(data, key))?.[1];
}

const levels = ['debug', 'info', 'warning', 'error', 'fatal'] as const;
const rank = (level: unknown) => levels.indexOf(String(level ?? 'error') as (typeof levels)[number]);

/** Sentry: an internal integration's webhook, signed with the integration's Client Secret. */
export const sentry: Vendor<'sentry'> = defineVendor({
  kind: 'sentry',
  label: 'Sentry',
  about: "An internal integration's webhook (issue, error and alert events).",
  ingestPath: '/ingest/sentry',
  polled: false,
  config: z.object({ minLevel: z.enum(levels).default('warning') }),
  fields: [
    {
      name: 'minLevel',
      label: 'Minimum level',
      type: 'select',
      options: [...levels],
      default: 'warning',
      hint: 'Lower levels are ignored.',
    },
  ],
  secrets: [
    {
      name: 'clientSecret',
      label: 'Client Secret',
      hint: 'From the Sentry integration; it signs each delivery.',
      generate: false,
    },
  ],
  setup: {
    auth: 'Sentry signs each delivery (Sentry-Hook-Signature) with the integration Client Secret stored here.',
    steps: [
      'In Sentry, open Settings → Developer Settings and create an internal integration.',
      'Paste the webhook URL below as its Webhook URL and turn on Alert Rule Action.',
      'Tick the issue and error webhooks you want, save, and copy the Client Secret into this source.',
      'Add the integration as an action to the alert rules that should report here.',
    ],
  },
  authenticate: (sources, cred) =>
    findSigner(sources, 'clientSecret', header(cred.headers, 'sentry-hook-signature'), (secret) =>
      hmacHex('sha256', secret, cred.rawBody),
    ),
  parse: ({ body, headers, log }) => {
    let resource = header(headers, 'sentry-hook-resource');
    if (resource === undefined) {
      resource = inferSentryResource(body);
      if (resource !== undefined)
        log({ resource }, 'Sentry-Hook-Resource header missing; resource inferred from the body');
    }
    return { items: parseSentry(body, resource), deliveryId: header(headers, 'request-id') };
  },
  filter: (config, item) => {
    const level = item.metadata?.level;
    if (level != null && rank(level) >= 0 && rank(level) < rank(config.minLevel))
      return `level ${String(level)} is below ${config.minLevel}`;
    return undefined;
  },
});
