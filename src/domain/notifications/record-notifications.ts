import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { insertNotificationDelivery, notifiedWithin } from './notification-delivery-repository.js';
import { findActiveRules } from './notification-rule-repository.js';
import type {
  DomainEvent,
  NotificationEvent,
  NotificationPayload,
  NotificationRecorder,
} from './notification-events.js';
import { snapshotEvent } from './snapshot-event.js';
import { countClusterReportsSince } from '../feedback/feedback-repository.js';

/** Queues the delivery job of each recorded delivery, in the same transaction. */
export interface DeliveryOutbox {
  enqueue(tx: Queryable, jobs: { projectId: string; deliveryId: string }[]): Promise<void>;
}

export interface RecordNotificationsDeps {
  outbox: DeliveryOutbox;
  /** links in the message point at this dashboard */
  publicUrl: string;
  maxAttempts: number;
  clock: Clock;
}

/** The rule events a domain event can fire: a report joining (or founding) a cluster may make it grow. */
function ruleEventsOf(event: DomainEvent): NotificationEvent[] {
  switch (event.type) {
    case 'cluster.joined':
      return ['cluster.growing'];
    case 'cluster.created':
      return ['cluster.created', 'cluster.growing'];
    default:
      return [event.type];
  }
}

/**
 * Writes one delivery per (event, matching rule) and queues its job, in the caller's transaction. A
 * project without rules for these events costs one indexed query. The growth rule fires when the
 * cluster has at least N reports received within the last M minutes, at most once per M minutes per
 * cluster and rule (the check reads this transaction's own deliveries too).
 */
export async function recordNotifications(
  deps: RecordNotificationsDeps,
  tx: Queryable,
  projectId: string,
  events: DomainEvent[],
): Promise<number> {
  if (events.length === 0) return 0;
  const rules = await findActiveRules(tx, { projectId, events: [...new Set(events.flatMap(ruleEventsOf))] });
  if (rules.length === 0) return 0;
  const snapshots = new Map<string, Awaited<ReturnType<typeof snapshotEvent>>>();
  const jobs: { projectId: string; deliveryId: string }[] = [];
  for (const event of events) {
    const fixId = 'fixId' in event ? event.fixId : null;
    for (const ruleEvent of ruleEventsOf(event)) {
      for (const rule of rules.filter((r) => r.event === ruleEvent)) {
        let growth: NotificationPayload['growth'] = null;
        if (ruleEvent === 'cluster.growing') {
          const minutes = rule.window_minutes ?? 60;
          const threshold = rule.min_reports ?? 1;
          const reports = await countClusterReportsSince(tx, {
            projectId,
            clusterId: event.clusterId,
            since: `${minutes} minutes`,
          });
          if (
            reports < threshold ||
            (await notifiedWithin(tx, { ruleId: rule.id, clusterId: event.clusterId, minutes }))
          )
            continue;
          growth = { reports, windowMinutes: minutes, threshold };
        }
        const key = `${event.clusterId}:${fixId ?? ''}`;
        let snapshot = snapshots.get(key);
        if (snapshot === undefined) {
          snapshot = await snapshotEvent(tx, deps.publicUrl, projectId, {
            clusterId: event.clusterId,
            fixId,
          });
          snapshots.set(key, snapshot);
        }
        const id = randomUUID();
        const payload: NotificationPayload = {
          id,
          event: ruleEvent,
          occurredAt: deps.clock.now().toISOString(),
          ...snapshot,
          growth,
          rule: { id: rule.id },
        };
        await insertNotificationDelivery(tx, {
          deliveryId: id,
          projectId,
          channelId: rule.channel_id,
          ruleId: rule.id,
          event: ruleEvent,
          clusterId: event.clusterId,
          fixId,
          payload,
          maxAttempts: deps.maxAttempts,
        });
        jobs.push({ projectId, deliveryId: id });
      }
    }
  }
  await deps.outbox.enqueue(tx, jobs);
  return jobs.length;
}

export const createNotificationRecorder = (deps: RecordNotificationsDeps): NotificationRecorder => ({
  record: async (tx, projectId, events) => void (await recordNotifications(deps, tx, projectId, events)),
});
