import { z } from 'zod';
import type { NewFeedbackItem } from '../../feedback/feedback-item.js';
import { applyMapping, fieldMapping, mappingOf } from './field-mapping.js';
import { httpUrl, parsePayload, truncate } from './parse-helpers.js';
import { defineVendor, findByToken, type Vendor } from './vendor.js';

const splunkAlert = z
  .object({
    sid: z.string().min(1),
    search_name: z.string().nullish(),
    app: z.string().nullish(),
    owner: z.string().nullish(),
    results_link: z.string().nullish(),
    // Splunk sends only the first result row, every value a string (multi-value fields as arrays).
    result: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();

/** Splunk's webhook alert action: fixed shape, one alert per search run (sid). */
export function parseSplunk(body: unknown): NewFeedbackItem[] {
  const a = parsePayload('Splunk alert', splunkAlert, body);
  const result = a.result ?? {};
  const message = ['_raw', 'message', 'msg', 'error']
    .map((k) => result[k])
    .find((v): v is string => typeof v === 'string');
  const fields = Object.entries(result)
    .filter(([k]) => k !== '_raw')
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join('\n');
  const title =
    a.search_name ?? (message ? truncate(message.split('\n')[0] ?? message, 200) : `Splunk alert ${a.sid}`);
  return [
    {
      source: 'splunk',
      externalId: a.sid,
      title: truncate(title, 1000),
      body: [message, fields ? `First result:\n${fields}` : ''].filter(Boolean).join('\n\n'),
      url: httpUrl(a.results_link),
      author: a.owner ?? undefined,
      metadata: { app: a.app ?? null, searchName: a.search_name ?? null, result },
    },
  ];
}

/** Splunk: a saved search's webhook alert action, which sends no headers, so the token rides in the URL. */
export const splunk: Vendor<'splunk'> = defineVendor({
  kind: 'splunk',
  label: 'Splunk',
  about: 'The webhook alert action of a saved search.',
  ingestPath: '/ingest/splunk/webhook',
  webhookUrlSuffix: '&token=<your token>',
  polled: false,
  mappable: true,
  config: z.object({ mapping: fieldMapping.nullish() }),
  fields: [],
  secrets: [
    {
      name: 'token',
      label: 'Token',
      hint: 'Goes in the webhook URL as token=… (Splunk sends no headers).',
      generate: true,
    },
  ],
  setup: {
    auth: 'Splunk cannot send headers: keep token=<your token> in the URL.',
    steps: [
      'Generate a token here and save the source.',
      "In Splunk, edit the saved search's alert and add the Webhook action.",
      'Paste the webhook URL below with your token in place of <your token>.',
    ],
  },
  authenticate: findByToken,
  parse: ({ body, rawBody, config }) => {
    const mapping = mappingOf(config);
    return {
      items: mapping ? [applyMapping('splunk', mapping, body, rawBody.toString('utf8'))] : parseSplunk(body),
    };
  },
});
