import { z } from 'zod';
import type { NewFeedbackItem } from '../../feedback/feedback-item.js';
import { httpUrl, parsePayload, toDate, truncate } from './parse-helpers.js';
import { defineVendor, findSigner, header, hmacHex, type Vendor } from './vendor.js';

// Intercom has sent two conversation shapes over its API versions: the first message under
// `conversation_message` with the person under `user` (1.x), or under `source` with its own `author` (2.x).
const person = z
  .object({
    type: z.string().nullish(),
    id: z.string().nullish(),
    name: z.string().nullish(),
    email: z.string().nullish(),
  })
  .loose();
const message = z
  .object({
    id: z.union([z.string(), z.number()]).nullish(),
    subject: z.string().nullish(),
    body: z.string().nullish(),
    url: z.string().nullish(),
    author: person.nullish(),
  })
  .loose();
const conversation = z
  .object({
    type: z.literal('conversation'),
    id: z.union([z.string(), z.number()]).transform(String),
    created_at: z.number().nullish(),
    user: person.nullish(),
    conversation_message: message.nullish(),
    source: message.nullish(),
    conversation_parts: z
      .object({ conversation_parts: z.array(message).nullish() })
      .loose()
      .nullish(),
    tags: z
      .object({ tags: z.array(z.object({ name: z.string() }).loose()).nullish() })
      .loose()
      .nullish(),
    links: z.object({ conversation_web: z.string().nullish() }).loose().nullish(),
  })
  .loose();
const notification = z
  .object({
    type: z.literal('notification_event'),
    id: z.string().nullish(),
    topic: z.string(),
    app_id: z.string().nullish(),
    created_at: z.number().nullish(),
    data: z.object({ item: z.record(z.string(), z.unknown()) }).loose(),
  })
  .loose();

/** Topics that carry a customer's words; every other topic (ping, admin actions ...) is acknowledged only. */
const FEEDBACK_TOPICS = ['conversation.user.created', 'conversation.user.replied'];

// Message bodies are HTML; a report reads as text.
const toText = (html: string) =>
  html
    .replace(/<br\s*\/?>|<\/p>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();

/**
 * Intercom webhook notifications. A conversation a user started becomes one report; with replies switched
 * on, each user reply becomes its own. Redeliveries repeat the notification id, used as the delivery id.
 */
export function parseIntercom(body: unknown): { items: NewFeedbackItem[]; deliveryId?: string } {
  const n = parsePayload('Intercom notification', notification, body);
  const deliveryId = n.id ?? undefined;
  if (!FEEDBACK_TOPICS.includes(n.topic)) return { items: [], deliveryId };
  const c = parsePayload('Intercom conversation', conversation, n.data.item);
  const replied = n.topic === 'conversation.user.replied';
  const first = c.source ?? c.conversation_message;
  const msg = replied ? (c.conversation_parts?.conversation_parts?.at(-1) ?? first) : first;
  const text = toText(msg?.body ?? '');
  const subject = toText(first?.subject ?? '');
  const title = subject || (text.split('\n')[0] ?? '') || `Intercom conversation ${c.id}`;
  const who = msg?.author?.name || msg?.author?.email || c.user?.name || c.user?.email || undefined;
  return {
    deliveryId,
    items: [
      {
        source: 'intercom',
        externalId: replied ? `conversation:${c.id}:part:${String(msg?.id ?? n.id)}` : `conversation:${c.id}`,
        title: truncate(replied ? `Re: ${title}` : title, 1000),
        body: text,
        url: httpUrl(c.links?.conversation_web) ?? httpUrl(msg?.url),
        author: who ?? undefined,
        occurredAt: toDate(n.created_at) ?? toDate(c.created_at),
        metadata: {
          topic: n.topic,
          conversationId: c.id,
          appId: n.app_id ?? null,
          authorType: msg?.author?.type ?? c.user?.type ?? null,
          tags: (c.tags?.tags ?? []).map((t) => t.name),
        },
      },
    ],
  };
}

/** Intercom: a Developer Hub app's webhook, signed with the app's client secret (X-Hub-Signature, HMAC-SHA1). */
export const intercom: Vendor<'intercom'> = defineVendor({
  kind: 'intercom',
  label: 'Intercom',
  about: 'Conversations your users start in Intercom, from an app webhook.',
  ingestPath: '/ingest/intercom/webhook',
  polled: false,
  config: z.object({ includeReplies: z.boolean().default(false) }),
  fields: [
    {
      name: 'includeReplies',
      label: 'Include replies',
      type: 'checkbox',
      hint: 'Also store each user reply (topic conversation.user.replied) as a report.',
    },
  ],
  secrets: [
    {
      name: 'clientSecret',
      label: 'Client secret',
      hint: "The app's client secret (Developer Hub → Basic information); it signs each notification.",
      generate: false,
    },
  ],
  setup: {
    auth: 'Intercom signs each notification (X-Hub-Signature: sha1=…) with the app client secret stored here.',
    steps: [
      'In the Intercom Developer Hub, open your app (or create one) and copy its client secret into this source.',
      'Open Webhooks, paste the webhook URL below as the endpoint URL, and subscribe to conversation.user.created (and conversation.user.replied for replies).',
      'Save; Intercom sends a ping, which Soulcaster acknowledges.',
    ],
  },
  authenticate: (sources, cred) => {
    const sig = header(cred.headers, 'x-hub-signature');
    if (!sig?.startsWith('sha1=')) return undefined;
    return findSigner(
      sources,
      'clientSecret',
      sig,
      (secret) => `sha1=${hmacHex('sha1', secret, cred.rawBody)}`,
    );
  },
  parse: ({ body }) => parseIntercom(body),
  filter: (config, item) =>
    item.metadata?.topic === 'conversation.user.replied' && !config.includeReplies
      ? 'replies are off'
      : undefined,
});
