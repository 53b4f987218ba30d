import { AppError } from '../errors.js';
import { newFeedbackItem, type NewFeedbackItem, type ValidFeedbackItem } from '../feedback/feedback-item.js';
import type { Source } from '../sources/source.js';
import type { CommitIngest } from './group-commit.js';
import { vendorOf } from './vendors/registry.js';

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
  /** the parsed delivery, kept with each item that has no raw payload of its own */
  raw?: unknown;
}

export interface IngestResult {
  status: 'accepted' | 'duplicate' | 'ignored';
  reason?: string;
  items: { id: string; externalId: string; duplicate: boolean }[];
}

/** Why the source's settings drop this item (its vendor's filter), or undefined to keep it. */
const filterReason = (source: Source | undefined, item: NewFeedbackItem) =>
  source === undefined ? undefined : vendorOf(source.kind).filter?.(source.config, item);

/**
 * Filters and validates every item before storing any (so a bad delivery stores nothing), then hands the
 * delivery to the committer, which dedupes on the delivery id and on (project, source, external id),
 * stores, queues clustering and records the delivery in one transaction. This is the one validation of
 * each item on this path; the store takes the validated items as they are.
 */
export async function ingestItems(deps: IngestDeps, req: IngestRequest): Promise<IngestResult> {
  if (req.source && !req.source.enabled)
    return { status: 'ignored', reason: 'this source is disabled', items: [] };
  const reasons: string[] = [];
  const kept = req.items.filter((item) => {
    const why = filterReason(req.source, item);
    if (why) reasons.push(why);
    return why === undefined;
  });
  if (kept.length === 0) {
    return { status: 'ignored', reason: reasons[0] ?? 'the payload holds nothing to ingest', items: [] };
  }
  const valid: ValidFeedbackItem[] = [];
  for (const [i, item] of kept.entries()) {
    const check = newFeedbackItem.safeParse({ ...item, raw: item.raw ?? req.raw, sourceId: req.source?.id });
    if (check.success) valid.push(check.data);
    else {
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
    items: valid,
  });
}
