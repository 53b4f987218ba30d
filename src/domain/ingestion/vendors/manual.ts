import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { NewFeedbackItem } from '../../feedback/feedback-item.js';
import { defineVendor, type Vendor } from './vendor.js';

export const manualFeedbackInput = z.object({
  title: z.string().trim().min(1).max(1000),
  body: z.string().max(100_000).default(''),
  url: z.url().optional(),
  author: z.string().max(500).optional(),
  externalId: z.string().min(1).max(500).optional(),
});

/** One report typed in by a person; without an external id every submission is a new report. */
export function manualItem(body: unknown, defaultAuthor?: string): NewFeedbackItem {
  const input = manualFeedbackInput.safeParse(body);
  if (!input.success) throw new AppError('validation_failed', z.prettifyError(input.error));
  const { externalId, author, ...rest } = input.data;
  const who = author ?? defaultAuthor;
  return {
    source: 'manual',
    externalId: externalId ?? `manual:${crypto.randomUUID()}`,
    ...rest,
    ...(who !== undefined ? { author: who } : {}),
  };
}

/** Manual: reports from the dashboard form, `soulcaster ingest`, or a script holding the project API key. */
export const manual: Vendor<'manual'> = defineVendor({
  kind: 'manual',
  label: 'Manual',
  about: 'Reports typed in the dashboard or posted with the API key.',
  ingestPath: '/ingest/manual',
  polled: false,
  config: z.object({}),
  fields: [],
  secrets: [],
  setup: {
    auth: 'Send Authorization: Bearer <project API key>, or submit from the dashboard.',
    steps: [
      'POST {"title", "body"} as JSON to the URL below with the project API key, or use the dashboard form.',
    ],
  },
  parse: ({ body }) => ({ items: [manualItem(body)] }),
});
