import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { startFakeServer, type FakeServer } from './http-server.js';

/**
 * A receiver of Soulcaster's generic webhooks, written as docs/API.md tells integrators to write one:
 * it recomputes `sha256=` HMAC-SHA256 of `<X-Soulcaster-Timestamp>.<raw body>` with the shared secret,
 * compares in constant time, refuses timestamps more than five minutes off, and processes each
 * X-Soulcaster-Delivery id once (a repeat is answered 200 and dropped).
 */
export interface WebhookReceiver extends FakeServer {
  /** deliveries processed once each, in arrival order */
  processed: { id: string; event: string; body: Record<string, unknown> }[];
  /** every request that arrived, valid or not */
  arrivals: { id: string | undefined; verified: boolean }[];
  /** repeats of an already processed delivery id */
  duplicates: string[];
  /** answer the next requests with these statuses instead of processing them */
  failNext(...statuses: number[]): void;
  /** keep the next request open without answering (the sender's worker can die meanwhile) */
  holdNext(): Promise<void>;
  setSecret(secret: string): void;
}

export function verifySignature(secret: string, req: IncomingMessage, raw: string): boolean {
  const timestamp = req.headers['x-soulcaster-timestamp'];
  const signature = req.headers['x-soulcaster-signature-256'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`;
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startWebhookReceiver(initialSecret = ''): Promise<WebhookReceiver> {
  let secret = initialSecret;
  const processed: WebhookReceiver['processed'] = [];
  const arrivals: WebhookReceiver['arrivals'] = [];
  const duplicates: string[] = [];
  const failures: number[] = [];
  let hold: (() => void) | undefined;
  const server = await startFakeServer((req, res, raw) => {
    const id = req.headers['x-soulcaster-delivery'] as string | undefined;
    const verified = verifySignature(secret, req, raw);
    arrivals.push({ id, verified });
    if (hold) {
      const held = hold;
      hold = undefined;
      held();
      return; // never answered
    }
    const status = failures.shift();
    if (status !== undefined) {
      res.writeHead(status, { 'content-type': 'text/plain' });
      return void res.end(`failing on purpose with ${status}`);
    }
    if (!verified) {
      res.writeHead(401, { 'content-type': 'text/plain' });
      return void res.end('bad signature');
    }
    if (id === undefined || processed.some((p) => p.id === id)) {
      if (id !== undefined) duplicates.push(id);
      res.writeHead(200);
      return void res.end('duplicate');
    }
    const body = JSON.parse(raw) as Record<string, unknown>;
    processed.push({ id, event: String(req.headers['x-soulcaster-event']), body });
    res.writeHead(204);
    res.end();
  });
  return {
    ...server,
    processed,
    arrivals,
    duplicates,
    failNext: (...s) => void failures.push(...s),
    holdNext: () => new Promise<void>((resolve) => (hold = resolve)),
    setSecret: (s) => (secret = s),
  };
}
