import type { Queryable } from '../../db/database.js';
import type { ValidFeedbackItem } from './feedback-item.js';
import { insertFeedbackRows, type FeedbackInsertRow } from './feedback-repository.js';

export interface BatchEntry {
  projectId: string;
  /** validated by the caller (newFeedbackItem), once per path */
  item: ValidFeedbackItem;
}

export interface BatchStored {
  projectId: string;
  id: string;
  externalId: string;
  duplicate: boolean;
}

/**
 * Queues clustering of stored items inside the caller's transaction (the outbox): the items and their
 * jobs commit together or not at all, so a crash cannot leave a stored item that nothing will cluster.
 */
export type EnqueueClustering = (tx: Queryable, projectId: string, itemIds: string[]) => Promise<void>;

/**
 * Stores many normalized items in one statement, idempotent on (project, source, external id), and
 * returns one result per entry, in order. An entry whose key is already stored (or appears earlier in
 * the same batch) is a duplicate and gets the first row's id. Run it inside a transaction together with
 * the clustering jobs of the new items (see EnqueueClustering).
 */
export async function storeFeedbackBatch(
  tx: Queryable,
  receivedAt: Date,
  entries: BatchEntry[],
): Promise<BatchStored[]> {
  if (entries.length === 0) return [];
  const rows = entries.map(({ projectId, item: v }, ord): FeedbackInsertRow => {
    return {
      ord,
      project_id: projectId,
      source: v.source,
      source_id: v.sourceId ?? null,
      external_id: v.externalId,
      title: v.title,
      body: v.body,
      url: v.url ?? null,
      author: v.author ?? null,
      metadata: v.metadata,
      raw: v.raw === undefined ? null : v.raw,
      occurred_at: v.occurredAt?.toISOString() ?? null,
    };
  });
  const found = await insertFeedbackRows(tx, { rows, receivedAt });
  const firstOfKey = new Set<string>();
  return found.map((r) => {
    const entry = rows[r.ord]!;
    const key = `${entry.project_id}\u0000${entry.source}\u0000${entry.external_id}`;
    // the same key twice in one batch: the insert kept the first; later ones are its duplicates
    const fresh = r.inserted_id !== null && !firstOfKey.has(key);
    firstOfKey.add(key);
    const id = r.inserted_id ?? r.existing_id;
    if (id === null) throw new Error('a stored feedback item vanished');
    return { projectId: entry.project_id, id, externalId: entry.external_id, duplicate: !fresh };
  });
}

/** The new items of a batch, grouped by project (clustering jobs are per project). */
export function newItemsByProject(stored: BatchStored[]): Map<string, string[]> {
  const byProject = new Map<string, string[]>();
  for (const s of stored) {
    if (s.duplicate) continue;
    const ids = byProject.get(s.projectId) ?? [];
    ids.push(s.id);
    byProject.set(s.projectId, ids);
  }
  return byProject;
}
