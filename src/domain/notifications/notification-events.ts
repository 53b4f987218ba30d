import type { Queryable } from '../../db/database.js';

/** What a rule can be about. Each is a domain event, recorded in the transaction where it happened. */
export const notificationEvents = [
  'cluster.created',
  'cluster.growing',
  'cluster.regressed',
  'fix.succeeded',
  'fix.failed',
  'pr.merged',
] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

/** Deliveries of "send a test message" carry this event; no rule produces it. */
export const TEST_EVENT = 'test';

/**
 * What the domain reports. `cluster.joined` (a report joined an existing cluster) is not an event a rule
 * names: it is where the growth rule (N reports within M minutes) is checked.
 */
export type DomainEvent =
  | { type: 'cluster.created' | 'cluster.joined' | 'cluster.regressed'; clusterId: string }
  | { type: 'fix.succeeded' | 'fix.failed' | 'pr.merged'; clusterId: string; fixId: string };

/**
 * Records notifications for domain events inside the caller's transaction (the outbox): one delivery
 * row per matching rule, and its delivery job, commit or roll back with the change they report.
 */
export interface NotificationRecorder {
  record(tx: Queryable, projectId: string, events: DomainEvent[]): Promise<void>;
}

/** The body of a generic webhook (docs/API.md, "Outgoing webhooks"); Slack messages are built from it. */
export interface NotificationPayload {
  id: string;
  event: NotificationEvent | typeof TEST_EVENT;
  occurredAt: string;
  project: { id: string; name: string };
  cluster: {
    id: string;
    title: string;
    status: string;
    reports: number;
    sources: Record<string, number>;
    trend: { last24h: number; previous24h: number; direction: 'rising' | 'falling' | 'steady' };
    firstSeenAt: string | null;
    lastSeenAt: string | null;
    url: string;
  } | null;
  fix: {
    id: string;
    status: string;
    attempt: number;
    error: string | null;
    pullRequest: { number: number; url: string; state: string | null } | null;
    url: string;
  } | null;
  growth: { reports: number; windowMinutes: number; threshold: number } | null;
  rule: { id: string } | null;
}
