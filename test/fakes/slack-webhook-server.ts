import type { ServerResponse } from 'node:http';
import { startFakeServer, type FakeServer } from './http-server.js';

/**
 * A Slack incoming webhook as Slack documents it (api.slack.com/messaging/webhooks and the 2016-05-17
 * changelog "Improving error conditions for Incoming Webhooks"): POST a JSON body with `text` and/or
 * `blocks`; success is HTTP 200 with the body `ok`; a body it cannot read is 400 `invalid_payload`, a
 * message with neither text nor blocks 400 `no_text`, an unknown hook 404 `no_service`, an archived
 * channel 410 `channel_is_archived`, Slack's own trouble 500 `rollup_error`. Block Kit limits checked:
 * at most 50 blocks; header text plain_text ≤ 150; section text ≤ 3000; at most 10 fields, each ≤ 2000;
 * button label plain_text ≤ 75 and url ≤ 3000; every block has a known type. Blocks that break these
 * are refused 400 `invalid_blocks`, the name chat.postMessage gives the same refusal.
 */
export interface FakeSlack extends FakeServer {
  /** the messages Slack accepted, per hook path */
  messages: { path: string; text?: string; blocks?: Block[] }[];
  /** what the next requests answer instead of processing (a status and body, in order) */
  failNext(...answers: { status: number; body: string }[]): void;
  /** path of a hook that exists */
  hookPath: string;
}

type Block = Record<string, unknown> & { type: string };

const KNOWN_BLOCKS = new Set(['header', 'section', 'actions', 'context', 'divider', 'image', 'rich_text']);

function textObject(v: unknown, max: number, plainOnly = false): string | undefined {
  if (typeof v !== 'object' || v === null) return 'missing text object';
  const t = v as { type?: unknown; text?: unknown };
  if (t.type !== 'plain_text' && (plainOnly || t.type !== 'mrkdwn')) return `bad text type ${String(t.type)}`;
  if (typeof t.text !== 'string' || t.text.length === 0) return 'empty text';
  if (t.text.length > max) return `text longer than ${max}`;
  return undefined;
}

export function validateBlocks(blocks: unknown): string | undefined {
  if (!Array.isArray(blocks)) return 'blocks is not an array';
  if (blocks.length > 50) return 'more than 50 blocks';
  for (const b of blocks as Block[]) {
    if (typeof b !== 'object' || b === null || !KNOWN_BLOCKS.has(b.type))
      return `unknown block ${JSON.stringify(b)}`;
    if (b.type === 'header') {
      const e = textObject(b.text, 150, true);
      if (e) return `header: ${e}`;
    }
    if (b.type === 'section') {
      if (b.text === undefined && b.fields === undefined) return 'section without text or fields';
      if (b.text !== undefined) {
        const e = textObject(b.text, 3000);
        if (e) return `section: ${e}`;
      }
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields) || b.fields.length > 10) return 'section fields: more than 10';
        for (const f of b.fields) {
          const e = textObject(f, 2000);
          if (e) return `section field: ${e}`;
        }
      }
    }
    if (b.type === 'actions') {
      if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 25)
        return 'actions elements';
      for (const el of b.elements as Record<string, unknown>[]) {
        if (el.type !== 'button') return `actions: element ${String(el.type)}`;
        const e = textObject(el.text, 75, true);
        if (e) return `button: ${e}`;
        if (el.url !== undefined && (typeof el.url !== 'string' || el.url.length > 3000)) return 'button url';
      }
    }
    if (b.type === 'context') {
      if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 10)
        return 'context elements';
    }
  }
  return undefined;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const messages: FakeSlack['messages'] = [];
  const queued: { status: number; body: string }[] = [];
  const hookPath = '/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX';
  const plain = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/html' });
    res.end(body);
  };
  const server = await startFakeServer((req, res, raw) => {
    const next = queued.shift();
    if (next) return plain(res, next.status, next.body);
    if (req.method !== 'POST' || req.url !== hookPath) return plain(res, 404, 'no_service');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      return plain(res, 400, 'invalid_payload');
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return plain(res, 400, 'invalid_payload');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return plain(res, 400, 'invalid_payload');
    const msg = body as { text?: unknown; blocks?: unknown };
    if (msg.text === undefined && msg.blocks === undefined) return plain(res, 400, 'no_text');
    if (msg.text !== undefined && typeof msg.text !== 'string') return plain(res, 400, 'invalid_payload');
    if (msg.blocks !== undefined && validateBlocks(msg.blocks) !== undefined)
      return plain(res, 400, 'invalid_blocks');
    messages.push({
      path: req.url,
      ...(typeof msg.text === 'string' ? { text: msg.text } : {}),
      ...(msg.blocks !== undefined ? { blocks: msg.blocks as Block[] } : {}),
    });
    plain(res, 200, 'ok');
  });
  return { ...server, messages, hookPath, failNext: (...a) => void queued.push(...a) };
}
