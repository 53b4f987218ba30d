import type { Queryable } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../errors.js';
import { newFeedbackItem, type NewFeedbackItem, type ValidFeedbackItem } from '../feedback/feedback-item.js';
import { insertFeedbackItem, type ClusteringTrigger } from '../feedback/store-feedback-item.js';
import type { Source } from '../sources/source.js';
import { vendorOf } from './vendors/registry.js';

export interface IngestDeps {
  db: Queryable;
  clock: Clock;
  clustering: ClusteringTrigger;
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
 * Filters, validates every item before storing any (so a bad delivery stores nothing), dedupes on the
 * delivery id and on (project, source, external id), stores, and records the delivery. This is the one
 * validation of each item on this path; the store takes the validated items as they are.
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
  if (req.deliveryId !== undefined) {
    const seen = await deps.db.query(
      'select 1 from webhook_deliveries where project_id = $1 and source = $2 and delivery_id = $3',
      [req.projectId, req.kind, req.deliveryId],
    );
    if (seen.rowCount)
      return { status: 'duplicate', reason: 'this delivery was already received', items: [] };
  }
  const stored: IngestResult['items'] = [];
  for (const item of valid) {
    const r = await insertFeedbackItem(deps, req.projectId, item);
    stored.push({ id: r.item.id, externalId: r.item.externalId, duplicate: r.duplicate });
  }
  const allDuplicate = stored.every((s) => s.duplicate);
  await deps.db.query(
    `insert into webhook_deliveries (project_id, source, delivery_id, outcome, item_count)
     values ($1, $2, $3, $4, $5) on conflict do nothing`,
    [
      req.projectId,
      req.kind,
      req.deliveryId ?? null,
      allDuplicate ? 'duplicate' : 'accepted',
      stored.filter((s) => !s.duplicate).length,
    ],
  );
  return { status: allDuplicate ? 'duplicate' : 'accepted', items: stored };
}
