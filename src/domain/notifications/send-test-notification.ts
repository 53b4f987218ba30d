import { randomUUID } from 'node:crypto';
import { withTransaction, type Pool } from '../../db/database.js';
import { findNotificationChannel } from './notification-channel-repository.js';
import { findNotificationDelivery, insertNotificationDelivery } from './notification-delivery-repository.js';
import type { Clock } from '../../lib/clock.js';
import { notFound } from '../errors.js';
import { TEST_EVENT, type NotificationPayload } from './notification-events.js';
import type { DeliveryOutbox } from './record-notifications.js';
import { snapshotEvent } from './snapshot-event.js';
import { toDelivery, type NotificationDelivery } from './list-deliveries.js';

export interface SendTestDeps {
  db: Pool;
  clock: Clock;
  outbox: DeliveryOutbox;
  publicUrl: string;
  maxAttempts: number;
}

/**
 * "Send a test message": a delivery of event `test` to one channel, through the same job, retries and
 * log as real notifications. Returns the delivery as queued; the log shows how it went.
 */
export async function sendTestNotification(
  deps: SendTestDeps,
  projectId: string,
  channelId: string,
): Promise<NotificationDelivery> {
  const id = randomUUID();
  await withTransaction(deps.db, async (tx) => {
    if ((await findNotificationChannel(tx, { projectId, channelId })) === undefined)
      throw notFound('notification channel');
    const { project } = await snapshotEvent(tx, deps.publicUrl, projectId, { clusterId: null, fixId: null });
    const payload: NotificationPayload = {
      id,
      event: TEST_EVENT,
      occurredAt: deps.clock.now().toISOString(),
      project,
      cluster: null,
      fix: null,
      growth: null,
      rule: null,
    };
    await insertNotificationDelivery(tx, {
      deliveryId: id,
      projectId,
      channelId,
      ruleId: null,
      event: TEST_EVENT,
      clusterId: null,
      fixId: null,
      payload,
      maxAttempts: deps.maxAttempts,
    });
    await deps.outbox.enqueue(tx, [{ projectId, deliveryId: id }]);
  });
  const row = await findNotificationDelivery(deps.db, { projectId, deliveryId: id });
  if (row === undefined) throw notFound('notification delivery');
  return toDelivery(row);
}
