import type { Queryable } from '../../db/database.js';
import {
  listNotificationDeliveries,
  type DeliveryStatus,
  type NotificationDeliveryRow,
} from './notification-delivery-repository.js';
import { decodeCursor, encodeCursor, type Page } from '../pagination.js';

export interface NotificationDelivery {
  id: string;
  event: string;
  channelId: string | null;
  ruleId: string | null;
  clusterId: string | null;
  fixId: string | null;
  status: DeliveryStatus;
  attempts: number;
  maxAttempts: number;
  responseCode: number | null;
  error: string | null;
  /** the title the message was about, for the log */
  subject: string | null;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

export const toDelivery = (r: NotificationDeliveryRow): NotificationDelivery => {
  const payload = r.payload as { cluster?: { title?: string } | null; project?: { name?: string } };
  return {
    id: r.id,
    event: r.event,
    channelId: r.channel_id,
    ruleId: r.rule_id,
    clusterId: r.cluster_id,
    fixId: r.fix_id,
    status: r.status,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    responseCode: r.response_code,
    error: r.error,
    subject: payload.cluster?.title ?? null,
    lastAttemptAt: r.last_attempt_at,
    deliveredAt: r.delivered_at,
    createdAt: r.created_at,
  };
};

/** The delivery log, newest first, a page at a time. */
export async function listDeliveries(
  db: Queryable,
  projectId: string,
  opts: { limit: number; cursor?: string | undefined; status?: DeliveryStatus | undefined },
): Promise<Page<NotificationDelivery>> {
  const before = decodeCursor(opts.cursor);
  const [createdAt, id] = before ?? [];
  const rows = await listNotificationDeliveries(db, {
    projectId,
    limit: opts.limit + 1,
    status: opts.status,
    before: typeof createdAt === 'string' && typeof id === 'string' ? { createdAt, id } : undefined,
  });
  const items = rows.slice(0, opts.limit).map(toDelivery);
  const last = rows.length > opts.limit ? items[items.length - 1] : undefined;
  return {
    items,
    nextCursor: last === undefined ? null : encodeCursor([last.createdAt.toISOString(), last.id]),
  };
}
