import type { Queryable } from '../../db/database.js';
import type { ValidFeedbackItem } from './feedback-item.js';

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
  const rows = entries.map(({ projectId, item: v }, ord) => {
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
  // One round trip whatever the batch size: the rows travel as one JSON document. Rows this statement
  // inserts are invisible to its own read of feedback_items (one snapshot), so the `existing` side only
  // finds keys stored before, and the insert's RETURNING names the rows it added.
  const { rows: found } = await tx.query<{
    ord: number;
    inserted_id: string | null;
    existing_id: string | null;
  }>(
    `with input as (
       select * from jsonb_to_recordset($1::jsonb) as x(
         ord int, project_id uuid, source text, source_id uuid, external_id text, title text, body text,
         url text, author text, metadata jsonb, raw jsonb, occurred_at timestamptz)
     ), ins as (
       insert into feedback_items
         (project_id, source, source_id, external_id, title, body, url, author, metadata, raw, occurred_at, received_at)
       select project_id, source, source_id, external_id, title, body, url, author, metadata, raw, occurred_at, $2
         from input order by ord
       on conflict (project_id, source, external_id) do nothing
       returning id, project_id, source, external_id
     )
     select i.ord, ins.id as inserted_id, f.id as existing_id
       from input i
       left join ins on ins.project_id = i.project_id and ins.source = i.source and ins.external_id = i.external_id
       left join feedback_items f
         on f.project_id = i.project_id and f.source = i.source and f.external_id = i.external_id
      order by i.ord`,
    [JSON.stringify(rows), receivedAt],
  );
  // A key another transaction inserted after this statement's snapshot was taken is skipped by the
  // insert and invisible to the read: read those again (a new statement sees what has been committed).
  const missing = found.filter((r) => r.inserted_id === null && r.existing_id === null);
  if (missing.length > 0) {
    const { rows: late } = await tx.query<{ ord: number; id: string }>(
      `select x.ord, f.id from jsonb_to_recordset($1::jsonb) as x(ord int, project_id uuid, source text, external_id text)
         join feedback_items f
           on f.project_id = x.project_id and f.source = x.source and f.external_id = x.external_id`,
      [JSON.stringify(missing.map((r) => rows[r.ord]))],
    );
    const lateId = new Map(late.map((r) => [r.ord, r.id]));
    for (const r of missing) r.existing_id = lateId.get(r.ord) ?? null;
  }
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
