import type { Source } from '../sources/source.js';
import { ingestItems, type IngestDeps, type IngestResult } from './ingest-items.js';
import { manualItem } from './vendors/manual.js';

/** One report typed in by a person on the dashboard; the same path as webhooks. */
export async function submitManualFeedback(
  deps: IngestDeps,
  req: { projectId: string; source?: Source; body: unknown; defaultAuthor?: string },
): Promise<IngestResult> {
  return ingestItems(deps, {
    projectId: req.projectId,
    kind: 'manual',
    ...(req.source ? { source: req.source } : {}),
    raw: req.body,
    items: [manualItem(req.body, req.defaultAuthor)],
  });
}
