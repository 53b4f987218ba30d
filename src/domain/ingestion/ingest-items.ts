import { AppError } from '../errors.js';
import { newFeedbackItem, type NewFeedbackItem } from '../feedback/feedback-item.js';
import type { Source } from '../sources/source.js';
import { filterReason, type FilterContext } from './apply-filters.js';
import type { CommitIngest } from './group-commit.js';

export interface IngestDeps {
  /** stores a prepared delivery (GroupCommitter.submit: shared transactions, answered after commit) */
  commit: CommitIngest;
}

export interface IngestRequest {
  projectId: string;
  kind: NewFeedbackItem['source'];
  source?: Source;
  items: NewFeedbackItem[];
  /** the vendor's delivery id (X-GitHub-Delivery, Sentry's Request-ID) where it sends one */
  deliveryId?: string;
  filterContext?: FilterContext;
  /** the parsed delivery, kept with each item that has no raw payload of its own */
  raw?: unknown;
}

export interface IngestResult {
  status: 'accepted' | 'duplicate' | 'ignored';
  reason?: string;
  items: { id: string; externalId: string; duplicate: boolean }[];
}

/**
 * Filters and validates every item before storing any (so a bad delivery stores nothing), then hands the
 * delivery to the committer, which dedupes on the delivery id and on (project, source, external id),
 * stores, queues clustering and records the delivery in one transaction.
 */
export async function ingestItems(deps: IngestDeps, req: IngestRequest): Promise<IngestResult> {
  if (req.source && !req.source.enabled)
    return { status: 'ignored', reason: 'this source is disabled', items: [] };
  const reasons: string[] = [];
  const kept = req.items.filter((item) => {
    const why = filterReason(req.source, item, req.filterContext);
    if (why) reasons.push(why);
    return why === undefined;
  });
  if (kept.length === 0) {
    return { status: 'ignored', reason: reasons[0] ?? 'the payload holds nothing to ingest', items: [] };
  }
  for (const [i, item] of kept.entries()) {
    const check = newFeedbackItem.safeParse({ ...item, sourceId: req.source?.id });
    if (!check.success) {
      const issue = check.error.issues[0];
      throw new AppError(
        'malformed_payload',
        `item ${i + 1}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim(),
      );
    }
  }
  return deps.commit({
    projectId: req.projectId,
    kind: req.kind,
    deliveryId: req.deliveryId,
    items: kept.map((item) => ({ ...item, raw: item.raw ?? req.raw, sourceId: req.source?.id })),
  });
}
