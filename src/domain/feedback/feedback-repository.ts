import type { Queryable } from '../../db/database.js';
import {
  feedbackItemColumns,
  toFeedbackItem,
  type FeedbackItem,
  type FeedbackItemRow,
  type ValidFeedbackItem,
} from './feedback-item.js';

/**
 * The owner of the `feedback_items` table: every statement that reads or writes it lives here. Each
 * function takes the pool or the transaction's client first, then one options object. (The vector
 * indexes' neighbour queries, which read `item_embeddings`, look up each neighbour's cluster there.)
 */

type OneItem = { projectId: string; itemId: string };
type SomeItems = { projectId: string; itemIds: string[] };

/** How many of a cluster's newest reports summaries, plans and fix tasks read. */
export const RECENT_CLUSTER_ITEMS = 200;

export interface ClusterItem {
  source: string;
  title: string;
  body: string;
  url: string | null;
  /** the vendor's id (GitHub issues: owner/repo#n) */
  externalId: string;
  metadata: Record<string, unknown>;
  raw: unknown;
  receivedAt: Date;
}

/** A cluster's newest reports, newest first: what a summary, a plan and a fix task are written from. */
export async function recentClusterItems(
  db: Queryable,
  o: { projectId: string; clusterId: string },
): Promise<ClusterItem[]> {
  const { rows } = await db.query<ClusterItem>(
    `select source, title, body, url, external_id as "externalId", metadata, raw, received_at as "receivedAt"
       from feedback_items where project_id = $1 and cluster_id = $2 order by received_at desc limit $3`,
    [o.projectId, o.clusterId, RECENT_CLUSTER_ITEMS],
  );
  return rows;
}

/** The project's reports, and how many of them have no cluster yet. */
export async function countFeedbackItems(
  db: Queryable,
  o: { projectId: string },
): Promise<{ unclustered: number; total: number }> {
  const { rows } = await db.query<{ unclustered: number; total: number }>(
    `select count(*) filter (where cluster_id is null)::int as unclustered, count(*)::int as total
       from feedback_items where project_id = $1`,
    [o.projectId],
  );
  return rows[0]!;
}

/** Reports per UTC day and source since `since`, oldest first. */
export async function countFeedbackByDay(
  db: Queryable,
  o: { projectId: string; since: Date },
): Promise<{ day: string; source: string; count: number }[]> {
  const { rows } = await db.query<{ day: string; source: string; count: number }>(
    `select to_char(received_at at time zone 'UTC', 'YYYY-MM-DD') as day, source, count(*)::int as count
       from feedback_items
      where project_id = $1 and received_at >= $2
      group by 1, 2
      order by 1, 2`,
    [o.projectId, o.since],
  );
  return rows;
}

export interface FeedbackPageQuery {
  projectId: string;
  source: string | null;
  clusterId: string | null;
  /** an ILIKE pattern over title and body */
  pattern: string | null;
  /** keyset: the last row's received_at and id */
  after: [string, string] | undefined;
  limit: number;
}

/** One page of reports, newest first on (received_at, id). */
export async function listFeedbackPage(db: Queryable, o: FeedbackPageQuery): Promise<FeedbackItem[]> {
  const { rows } = await db.query<FeedbackItemRow>(
    `select ${feedbackItemColumns} from feedback_items
      where project_id = $1
        and ($2::text is null or source = $2)
        and ($3::uuid is null or cluster_id = $3)
        and ($4::text is null or title ilike $4 or body ilike $4)
        and ($5::timestamptz is null or (received_at, id) < ($5::timestamptz, $6::uuid))
      order by received_at desc, id desc
      limit $7`,
    [o.projectId, o.source, o.clusterId, o.pattern, o.after?.[0] ?? null, o.after?.[1] ?? null, o.limit],
  );
  return rows.map(toFeedbackItem);
}

/** One report with the payload it came in. */
export async function findFeedbackItemWithRaw(
  db: Queryable,
  o: OneItem,
): Promise<(FeedbackItem & { raw: unknown }) | undefined> {
  const { rows } = await db.query<FeedbackItemRow & { raw: unknown }>(
    `select ${feedbackItemColumns}, raw from feedback_items where project_id = $1 and id = $2`,
    [o.projectId, o.itemId],
  );
  return rows[0] && { ...toFeedbackItem(rows[0]), raw: rows[0].raw };
}

/** A report's text and where it is placed: what clustering and moving it read. */
export interface ItemPlacement {
  title: string;
  body: string;
  clusterId: string | null;
}

export async function findItemPlacement(db: Queryable, o: OneItem): Promise<ItemPlacement | undefined> {
  const { rows } = await db.query<ItemPlacement>(
    'select title, body, cluster_id as "clusterId" from feedback_items where project_id = $1 and id = $2',
    [o.projectId, o.itemId],
  );
  return rows[0];
}

/** The named reports' text (`unclusteredOnly`: those still without a cluster), in no particular order. */
export async function findItemTexts(
  db: Queryable,
  o: SomeItems & { unclusteredOnly?: boolean },
): Promise<{ id: string; title: string; body: string }[]> {
  const { rows } = await db.query<{ id: string; title: string; body: string }>(
    `select id, title, body from feedback_items where project_id = $1 and id = any($2::uuid[])${o.unclusteredOnly ? ' and cluster_id is null' : ''}`,
    [o.projectId, o.itemIds],
  );
  return rows;
}

/** The cluster of each named report that still exists (null: not clustered yet). */
export async function readItemClusters(db: Queryable, o: SomeItems): Promise<Map<string, string | null>> {
  const { rows } = await db.query<{ id: string; cluster_id: string | null }>(
    'select id, cluster_id from feedback_items where project_id = $1 and id = any($2::uuid[])',
    [o.projectId, o.itemIds],
  );
  return new Map(rows.map((r) => [r.id, r.cluster_id]));
}

/** The ids of a cluster's reports. */
export async function listClusterItemIds(
  db: Queryable,
  o: { projectId: string; clusterId: string },
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'select id from feedback_items where project_id = $1 and cluster_id = $2',
    [o.projectId, o.clusterId],
  );
  return rows.map((r) => r.id);
}

/**
 * The row of one new report; undefined when its (project, source, external id) is stored already (a
 * second delivery of the same report, even at the same instant).
 */
export async function insertFeedbackRow(
  db: Queryable,
  o: { projectId: string; item: ValidFeedbackItem; receivedAt: Date },
): Promise<FeedbackItem | undefined> {
  const v = o.item;
  const { rows } = await db.query<FeedbackItemRow>(
    `insert into feedback_items
       (project_id, source, source_id, external_id, title, body, url, author, metadata, raw, occurred_at, received_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     on conflict (project_id, source, external_id) do nothing
     returning ${feedbackItemColumns}`,
    [
      o.projectId,
      v.source,
      v.sourceId ?? null,
      v.externalId,
      v.title,
      v.body,
      v.url ?? null,
      v.author ?? null,
      JSON.stringify(v.metadata),
      v.raw === undefined ? null : JSON.stringify(v.raw),
      v.occurredAt ?? null,
      o.receivedAt,
    ],
  );
  return rows[0] && toFeedbackItem(rows[0]);
}

export async function findFeedbackItemByKey(
  db: Queryable,
  o: { projectId: string; source: string; externalId: string },
): Promise<FeedbackItem | undefined> {
  const { rows } = await db.query<FeedbackItemRow>(
    `select ${feedbackItemColumns} from feedback_items where project_id = $1 and source = $2 and external_id = $3`,
    [o.projectId, o.source, o.externalId],
  );
  return rows[0] && toFeedbackItem(rows[0]);
}

/** One row of a batch insert, as it travels in the statement's JSON document. */
export type FeedbackInsertRow = Omit<
  FeedbackItemRow,
  'id' | 'occurred_at' | 'received_at' | 'cluster_id' | 'repo'
> & {
  ord: number;
  source_id: string | null;
  raw: unknown;
  occurred_at: string | null;
};

/**
 * Inserts many reports in one statement, skipping keys already stored, and returns for each row (by
 * `ord`) the id it inserted or the id of the row already stored under its key.
 */
export async function insertFeedbackRows(
  tx: Queryable,
  o: { rows: FeedbackInsertRow[]; receivedAt: Date },
): Promise<{ ord: number; inserted_id: string | null; existing_id: string | null }[]> {
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
    [JSON.stringify(o.rows), o.receivedAt],
  );
  // A key another transaction inserted after this statement's snapshot was taken is skipped by the
  // insert and invisible to the read: read those again (a new statement sees what has been committed).
  const missing = found.filter((r) => r.inserted_id === null && r.existing_id === null);
  if (missing.length > 0) {
    const { rows: late } = await tx.query<{ ord: number; id: string }>(
      `select x.ord, f.id from jsonb_to_recordset($1::jsonb) as x(ord int, project_id uuid, source text, external_id text)
         join feedback_items f
           on f.project_id = x.project_id and f.source = x.source and f.external_id = x.external_id`,
      [JSON.stringify(missing.map((r) => o.rows[r.ord]))],
    );
    const lateId = new Map(late.map((r) => [r.ord, r.id]));
    for (const r of missing) r.existing_id = lateId.get(r.ord) ?? null;
  }
  return found;
}

/** A person's edit of title, body and repository (`repo: undefined` keeps it, null clears it). */
export async function updateFeedbackFields(
  db: Queryable,
  o: OneItem & { title?: string | undefined; body?: string | undefined; repo?: string | null | undefined },
): Promise<FeedbackItem | undefined> {
  const { rows } = await db.query<FeedbackItemRow>(
    `update feedback_items set title = coalesce($3, title), body = coalesce($4, body),
            repo = case when $5::boolean then $6 else repo end
      where project_id = $1 and id = $2 returning ${feedbackItemColumns}`,
    [o.projectId, o.itemId, o.title ?? null, o.body ?? null, o.repo !== undefined, o.repo ?? null],
  );
  return rows[0] && toFeedbackItem(rows[0]);
}

export async function deleteFeedbackItemRow(db: Queryable, o: OneItem): Promise<void> {
  await db.query('delete from feedback_items where project_id = $1 and id = $2', [o.projectId, o.itemId]);
}

/**
 * Places the named reports that have no cluster yet in the cluster and returns the ids it placed (a
 * report placed meanwhile stays where it is).
 */
export async function assignItems(
  db: Queryable,
  o: SomeItems & { clusterId: string; clusteredAt: Date },
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `update feedback_items set cluster_id = $2, clustered_at = $4
      where project_id = $1 and id = any($3::uuid[]) and cluster_id is null returning id`,
    [o.projectId, o.clusterId, o.itemIds, o.clusteredAt],
  );
  return rows.map((r) => r.id);
}

/**
 * Moves reports to another cluster. `clusteredAt` is recorded only on reports that have none yet
 * (null: keep it as it is).
 */
export async function moveItems(
  db: Queryable,
  o: SomeItems & { clusterId: string; clusteredAt: Date | null },
): Promise<void> {
  await db.query(
    `update feedback_items set cluster_id = $2, clustered_at = coalesce(clustered_at, $4)
      where project_id = $1 and id = any($3::uuid[])`,
    [o.projectId, o.clusterId, o.itemIds, o.clusteredAt],
  );
}

/** Moves every report of the `from` clusters into `clusterId`; returns each moved report's old cluster. */
export async function moveClusterItems(
  db: Queryable,
  o: { projectId: string; clusterId: string; from: string[] },
): Promise<{ id: string; fromCluster: string }[]> {
  const { rows } = await db.query<{ id: string; fromCluster: string }>(
    `update feedback_items f set cluster_id = $2 from feedback_items old
      where f.project_id = $1 and f.cluster_id = any($3::uuid[]) and old.id = f.id
      returning f.id, old.cluster_id as "fromCluster"`,
    [o.projectId, o.clusterId, o.from],
  );
  return rows;
}

/**
 * Takes every item of the named clusters out of them (unclustered again) and returns the items in
 * arrival order, for the pipeline to place anew.
 */
export async function unassignClusterItems(
  db: Queryable,
  o: { projectId: string; clusterIds: string[] },
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `with freed as (
       update feedback_items set cluster_id = null, clustered_at = null
        where project_id = $1 and cluster_id = any($2::uuid[])
        returning id, received_at
     )
     select id from freed order by received_at, id`,
    [o.projectId, o.clusterIds],
  );
  return rows.map((r) => r.id);
}

/** Records which model's vectors the reports carry, so a model change re-embeds them. */
export async function setEmbeddingModel(db: Queryable, o: SomeItems & { model: string }): Promise<void> {
  await db.query(
    'update feedback_items set embedding_model = $3 where project_id = $1 and id = any($2::uuid[])',
    [o.projectId, o.itemIds, o.model],
  );
}

type StaleEmbeddedItem = { project_id: string; id: string; title: string; body: string; founder: boolean };

/**
 * Clustered reports, in every project, whose vectors are not `model`'s, oldest first; `founder` marks
 * the first report of each cluster (the bucket counts take one report per cluster).
 */
export async function findStaleEmbeddedItems(
  db: Queryable,
  o: { model: string; limit: number },
): Promise<StaleEmbeddedItem[]> {
  const { rows } = await db.query<StaleEmbeddedItem>(
    `select f.project_id, f.id, f.title, f.body,
            f.id = (select o.id from feedback_items o where o.project_id = f.project_id and o.cluster_id = f.cluster_id
                     order by o.received_at, o.id limit 1) as founder
       from feedback_items f
      where f.cluster_id is not null and f.embedding_model is distinct from $1
      order by f.received_at limit $2`,
    [o.model, o.limit],
  );
  return rows;
}

/** Reports in every project still without a cluster `olderThanSeconds` before `now`, oldest first. */
export async function findStaleUnclustered(
  db: Queryable,
  o: { now: Date; olderThanSeconds: number; limit: number },
): Promise<{ project_id: string; id: string }[]> {
  const { rows } = await db.query<{ project_id: string; id: string }>(
    `select project_id, id from feedback_items
      where cluster_id is null and received_at < $1::timestamptz - make_interval(secs => $2)
      order by received_at limit $3`,
    [o.now, o.olderThanSeconds, o.limit],
  );
  return rows;
}

/**
 * A cluster's reports received since `since` (its count over a window: the notification growth rule, the
 * trend of the last 24 hours against the 24 before).
 */
export async function countClusterReportsSince(
  db: Queryable,
  o: { projectId: string; clusterId: string; since: string; until?: string },
): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from feedback_items
      where project_id = $1 and cluster_id = $2 and received_at > now() - $3::interval
        and ($4::interval is null or received_at <= now() - $4::interval)`,
    [o.projectId, o.clusterId, o.since, o.until ?? null],
  );
  return rows[0]?.n ?? 0;
}
