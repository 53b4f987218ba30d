import type { Pool } from '../../db/database.js';
import { findNotificationChannel } from './notification-channel-repository.js';
import { beginDeliveryAttempt, recordDeliveryOutcome } from './notification-delivery-repository.js';
import type { Clock } from '../../lib/clock.js';
import type { SecretBox } from '../../lib/crypto.js';
import type { NotificationPayload } from './notification-events.js';
import { signWebhook } from './sign-webhook.js';
import { slackMessage } from './slack-message.js';

export interface DeliverDeps {
  db: Pool;
  secrets: SecretBox;
  fetch: typeof fetch;
  clock: Clock;
  requestTimeoutMs: number;
}

/** Thrown to have the queue retry the delivery after its backoff. */
export class DeliveryRetry extends Error {
  override name = 'DeliveryRetry';
}

interface AttemptResult {
  ok: boolean;
  /** worth trying again: no answer, 408, 425, 429 or 5xx */
  retryable: boolean;
  responseCode: number | null;
  error: string | null;
}

const retryableStatus = (s: number) => s === 408 || s === 425 || s === 429 || s >= 500;

/**
 * One attempt of one delivery (the `deliver-notification` job). The attempt is counted before the
 * request goes out; a success or a permanent refusal (4xx but 408/425/429) ends the delivery, another
 * failure is recorded and thrown so the queue retries it with exponential backoff, until the delivery's
 * attempts are used up and it is marked failed. A delivery that is no longer pending is left alone, so a
 * job run twice sends nothing twice; a worker killed mid-request makes the queue run the job again,
 * and the receiver sees the same delivery id (X-Soulcaster-Delivery) to drop the repeat.
 */
export async function deliverNotification(
  deps: DeliverDeps,
  projectId: string,
  deliveryId: string,
): Promise<void> {
  const delivery = await beginDeliveryAttempt(deps.db, { projectId, deliveryId });
  if (delivery === undefined) return;
  const channel =
    delivery.channel_id === null
      ? undefined
      : await findNotificationChannel(deps.db, { projectId, channelId: delivery.channel_id });
  if (channel === undefined || !channel.enabled) {
    await recordDeliveryOutcome(deps.db, {
      projectId,
      deliveryId,
      status: 'failed',
      responseCode: null,
      error: channel === undefined ? 'the channel was deleted' : 'the channel is disabled',
    });
    return;
  }
  const payload = delivery.payload as NotificationPayload;
  const url = deps.secrets.decrypt(channel.url_encrypted);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'Soulcaster-Notifications/1',
  };
  let body: string;
  if (channel.kind === 'slack') body = JSON.stringify(slackMessage(payload));
  else {
    body = JSON.stringify(payload);
    const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
    headers['x-soulcaster-event'] = payload.event;
    headers['x-soulcaster-delivery'] = delivery.id;
    headers['x-soulcaster-timestamp'] = String(timestamp);
    if (channel.signing_secret_encrypted !== null)
      headers['x-soulcaster-signature-256'] = signWebhook(
        deps.secrets.decrypt(channel.signing_secret_encrypted),
        timestamp,
        body,
      );
  }
  const result = await post(deps, url, headers, body);
  if (result.ok) {
    await recordDeliveryOutcome(deps.db, {
      projectId,
      deliveryId,
      ...result,
      status: 'delivered',
    });
    return;
  }
  const last = !result.retryable || delivery.attempts >= delivery.max_attempts;
  await recordDeliveryOutcome(deps.db, {
    projectId,
    deliveryId,
    ...result,
    status: last ? 'failed' : 'pending',
  });
  if (!last)
    throw new DeliveryRetry(
      `notification delivery ${deliveryId} attempt ${delivery.attempts}/${delivery.max_attempts} failed: ${result.error}`,
    );
}

async function post(
  deps: DeliverDeps,
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<AttemptResult> {
  try {
    const res = await deps.fetch(url, {
      method: 'POST',
      headers,
      body,
      // a redirect is not followed: the receiver's URL is configured, and a redirect could lead anywhere
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.requestTimeoutMs),
    });
    const text = (await res.text().catch(() => '')).slice(0, 300);
    if (res.status >= 200 && res.status < 300)
      return { ok: true, retryable: false, responseCode: res.status, error: null };
    return {
      ok: false,
      retryable: retryableStatus(res.status),
      responseCode: res.status,
      error: `HTTP ${res.status}${text ? `: ${text}` : ''}`,
    };
  } catch (err) {
    const e = err as Error;
    const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
    const reason =
      e.name === 'TimeoutError' ? `no answer within ${deps.requestTimeoutMs} ms` : `${e.message}${cause}`;
    return { ok: false, retryable: true, responseCode: null, error: reason };
  }
}
