import type { Queryable } from '../../db/database.js';

/** The last delivery a source received (table source_last_deliveries), as the mapping preview reads it. */
export interface LastDelivery {
  receivedAt: Date;
  /** the parsed body with the source's secrets replaced; null when it was over the size bound */
  body: unknown;
  bodyBytes: number;
  tooLarge: boolean;
}

/** Replaces the source's last delivery: one row per source, the newest wins. */
export async function saveLastDelivery(
  db: Queryable,
  delivery: { sourceId: string; body: unknown; bodyBytes: number; tooLarge: boolean; receivedAt: Date },
): Promise<void> {
  await db.query(
    `insert into source_last_deliveries (source_id, received_at, body, body_bytes, too_large)
     values ($1, $2, $3, $4, $5)
     on conflict (source_id) do update
       set received_at = excluded.received_at, body = excluded.body,
           body_bytes = excluded.body_bytes, too_large = excluded.too_large`,
    [
      delivery.sourceId,
      delivery.receivedAt,
      delivery.tooLarge ? null : JSON.stringify(delivery.body),
      delivery.bodyBytes,
      delivery.tooLarge,
    ],
  );
}

export async function findLastDelivery(
  db: Queryable,
  { sourceId }: { sourceId: string },
): Promise<LastDelivery | undefined> {
  const { rows } = await db.query<{
    received_at: Date;
    body: unknown;
    body_bytes: number;
    too_large: boolean;
  }>('select received_at, body, body_bytes, too_large from source_last_deliveries where source_id = $1', [
    sourceId,
  ]);
  const r = rows[0];
  return r && { receivedAt: r.received_at, body: r.body, bodyBytes: r.body_bytes, tooLarge: r.too_large };
}
