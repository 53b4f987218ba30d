import { z } from 'zod';
import type { SecretBox } from '../../lib/crypto.js';
import { ingestItems, type IngestDeps, type IngestResult } from '../ingestion/ingest-items.js';
import { listSources } from '../sources/source-repository.js';

export const manualFeedbackInput = z.object({
  title: z.string().trim().min(1).max(1000),
  body: z.string().max(100_000).default(''),
  url: z.url().optional(),
  author: z.string().max(500).optional(),
  externalId: z.string().min(1).max(500).optional(),
});
export type ManualFeedbackInput = z.output<typeof manualFeedbackInput>;

/**
 * A report typed into the dashboard: the same path as POST /ingest/manual (filters, dedupe, clustering),
 * attributed to the project's manual source when there is one.
 */
export async function submitManualFeedback(
  deps: IngestDeps & { secrets: SecretBox },
  projectId: string,
  input: ManualFeedbackInput,
): Promise<IngestResult> {
  const sources = (await listSources({ db: deps.db, secrets: deps.secrets }, projectId, 'manual')).filter(
    (s) => s.kind === 'manual',
  );
  // a manual source that exists but is switched off means "stop taking manual reports": ingestItems says so
  const source = sources.find((s) => s.enabled) ?? sources[0];
  const { externalId, ...rest } = input;
  return ingestItems(deps, {
    projectId,
    kind: 'manual',
    source,
    raw: input,
    items: [{ source: 'manual', externalId: externalId ?? `manual:${crypto.randomUUID()}`, ...rest }],
  });
}
