import { z } from 'zod';
import { AppError } from '../errors.js';
import { ingestItems, type IngestDeps, type IngestResult } from './ingest-items.js';
import type { Source } from '../sources/source.js';

export const manualFeedbackInput = z.object({
  title: z.string().trim().min(1).max(1000),
  body: z.string().max(100_000).default(''),
  url: z.url().optional(),
  author: z.string().max(500).optional(),
  externalId: z.string().min(1).max(500).optional(),
});

/** One report typed in by a person (dashboard form or POST /ingest/manual); the same path as webhooks. */
export async function submitManualFeedback(
  deps: IngestDeps,
  req: { projectId: string; source?: Source; body: unknown; defaultAuthor?: string },
): Promise<IngestResult> {
  const input = manualFeedbackInput.safeParse(req.body);
  if (!input.success) throw new AppError('validation_failed', z.prettifyError(input.error));
  const { externalId, author, ...rest } = input.data;
  const who = author ?? req.defaultAuthor;
  return ingestItems(deps, {
    projectId: req.projectId,
    kind: 'manual',
    ...(req.source ? { source: req.source } : {}),
    raw: req.body,
    items: [
      {
        source: 'manual',
        externalId: externalId ?? `manual:${crypto.randomUUID()}`,
        ...rest,
        ...(who !== undefined ? { author: who } : {}),
      },
    ],
  });
}
