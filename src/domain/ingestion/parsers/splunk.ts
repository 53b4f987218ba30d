import { z } from 'zod';
import type { NewFeedbackItem } from '../../feedback/feedback-item.js';
import { httpUrl, parsePayload, truncate } from './parse-helpers.js';

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
