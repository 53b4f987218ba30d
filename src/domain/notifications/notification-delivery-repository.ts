import type { Queryable } from '../../db/database.js';

/**
 * The owner of `notification_deliveries` (the outbox and the delivery log): every statement on it. Each
 * function takes the pool or the transaction's client first, then one options object.
 */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface NotificationDeliveryRow {
  id: string;
  project_id: string;
  channel_id: string | null;
  rule_id: string | null;
  event: string;
  cluster_id: string | null;
  fix_id: string | null;
  payload: unknown;
  status: DeliveryStatus;
  attempts: number;
  max_attempts: number;
  response_code: number | null;
  error: string | null;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

interface OneDelivery {
  projectId: string;
  deliveryId: string;
}

const columns = `id, project_id, channel_id, rule_id, event, cluster_id, fix_id, payload, status, attempts,
  max_attempts, response_code, error, last_attempt_at, delivered_at, created_at, updated_at`;

export async function insertNotificationDelivery(
  db: Queryable,
  o: {
    deliveryId: string;
    projectId: string;
    channelId: string;
    ruleId: string | null;
    event: string;
    clusterId: string | null;
    fixId: string | null;
    payload: unknown;
    maxAttempts: number;
  },
): Promise<void> {
  await db.query(
    `insert into notification_deliveries (id, project_id, channel_id, rule_id, event, cluster_id, fix_id, payload, max_attempts)
     values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)`,
    [
      o.deliveryId,
      o.projectId,
      o.channelId,
      o.ruleId,
      o.event,
      o.clusterId,
      o.fixId,
      JSON.stringify(o.payload),
      o.maxAttempts,
    ],
  );
}

/**
 * Starts an attempt: counts it (committed before the request goes out, so an attempt cut short by a
 * killed worker still counts) and returns the delivery, or undefined when it is no longer pending.
 */
export async function beginDeliveryAttempt(
  db: Queryable,
  o: OneDelivery,
): Promise<NotificationDeliveryRow | undefined> {
  const { rows } = await db.query<NotificationDeliveryRow>(
    `update notification_deliveries set attempts = attempts + 1, last_attempt_at = now(), updated_at = now()
      where project_id = $1 and id = $2 and status = 'pending' returning ${columns}`,
    [o.projectId, o.deliveryId],
  );
  return rows[0];
}

/** Records the outcome of an attempt; `pending` keeps the delivery open for the next retry. */
export async function recordDeliveryOutcome(
  db: Queryable,
  o: OneDelivery & { status: DeliveryStatus; responseCode: number | null; error: string | null },
): Promise<void> {
  await db.query(
    `update notification_deliveries
        set status = $3, response_code = $4, error = $5, updated_at = now(),
            delivered_at = case when $3 = 'delivered' then now() else delivered_at end
      where project_id = $1 and id = $2 and status = 'pending'`,
    [o.projectId, o.deliveryId, o.status, o.responseCode, o.error],
  );
}

export async function listNotificationDeliveries(
  db: Queryable,
  o: {
    projectId: string;
    limit: number;
    before?: { createdAt: string; id: string } | undefined;
    status?: DeliveryStatus | undefined;
  },
): Promise<NotificationDeliveryRow[]> {
  const { rows } = await db.query<NotificationDeliveryRow>(
    `select ${columns} from notification_deliveries
      where project_id = $1 and ($2::text is null or status = $2)
        and ($3::timestamptz is null or (created_at, id) < ($3::timestamptz, $4::uuid))
      order by created_at desc, id desc limit $5`,
    [o.projectId, o.status ?? null, o.before?.createdAt ?? null, o.before?.id ?? null, o.limit],
  );
  return rows;
}

export async function findNotificationDelivery(
  db: Queryable,
  o: OneDelivery,
): Promise<NotificationDeliveryRow | undefined> {
  const { rows } = await db.query<NotificationDeliveryRow>(
    `select ${columns} from notification_deliveries where project_id = $1 and id = $2`,
    [o.projectId, o.deliveryId],
  );
  return rows[0];
}

/** Whether the rule already notified about this cluster within the last `minutes` (growth rule). */
export async function notifiedWithin(
  db: Queryable,
  o: { ruleId: string; clusterId: string; minutes: number },
): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from notification_deliveries
      where rule_id = $1 and cluster_id = $2 and created_at > now() - make_interval(mins => $3) limit 1`,
    [o.ruleId, o.clusterId, o.minutes],
  );
  return rows.length > 0;
}
