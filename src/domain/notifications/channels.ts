import { z } from 'zod';
import type { Queryable } from '../../db/database.js';
import {
  deleteNotificationChannel,
  findNotificationChannel,
  insertNotificationChannel,
  listNotificationChannels,
  updateNotificationChannel,
  type NotificationChannelRow,
} from './notification-channel-repository.js';
import { randomToken, type SecretBox } from '../../lib/crypto.js';
import { AppError, notFound } from '../errors.js';
import { validate } from '../validate.js';

export interface ChannelDeps {
  db: Queryable;
  secrets: SecretBox;
}

const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);
const secret = z.string().min(16, 'a signing secret has at least 16 characters').max(200);

export const channelInput = z.object({
  kind: z.enum(['slack', 'webhook']),
  name: z.string().trim().min(1).max(100),
  url,
  /** webhooks: the signing secret; one is generated when absent */
  signingSecret: secret.optional(),
  enabled: z.boolean().default(true),
});

export const channelPatch = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  url: url.optional(),
  enabled: z.boolean().optional(),
  /** webhooks: replace the signing secret with a new generated one (returned once) */
  rotateSigningSecret: z.boolean().optional(),
});

export interface NotificationChannel {
  id: string;
  kind: 'slack' | 'webhook';
  name: string;
  /** scheme and host of the URL; the URL itself is a credential and never returned */
  urlHint: string;
  hasSigningSecret: boolean;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** only in the answer that created or rotated it */
  signingSecret?: string;
}

const hint = (u: string) => {
  const parsed = new URL(u);
  return `${parsed.protocol}//${parsed.host}/…`;
};

export const toChannel = (r: NotificationChannelRow): NotificationChannel => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  urlHint: r.url_hint,
  hasSigningSecret: r.signing_secret_encrypted !== null,
  enabled: r.enabled,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const conflict = (err: unknown, name: string): never => {
  if ((err as { code?: string }).code === '23505')
    throw new AppError('conflict', `a channel named "${name}" already exists in this project`);
  throw err;
};

export async function createChannel(
  deps: ChannelDeps,
  projectId: string,
  input: z.input<typeof channelInput>,
): Promise<NotificationChannel> {
  const v = validate(channelInput, input, 'notification channel');
  if (v.kind === 'slack' && v.signingSecret !== undefined)
    throw new AppError('validation_failed', 'Slack channels are not signed: leave signingSecret out');
  const signingSecret = v.kind === 'webhook' ? (v.signingSecret ?? randomToken('whsec')) : undefined;
  const row = await insertNotificationChannel(deps.db, {
    projectId,
    kind: v.kind,
    fields: {
      name: v.name,
      url_encrypted: deps.secrets.encrypt(v.url),
      url_hint: hint(v.url),
      signing_secret_encrypted: signingSecret === undefined ? null : deps.secrets.encrypt(signingSecret),
      enabled: v.enabled,
    },
  }).catch((err: unknown) => conflict(err, v.name));
  return { ...toChannel(row), ...(signingSecret !== undefined ? { signingSecret } : {}) };
}

export async function listChannels(deps: ChannelDeps, projectId: string): Promise<NotificationChannel[]> {
  return (await listNotificationChannels(deps.db, { projectId })).map(toChannel);
}

export async function updateChannel(
  deps: ChannelDeps,
  projectId: string,
  channelId: string,
  patch: z.input<typeof channelPatch>,
): Promise<NotificationChannel> {
  const v = validate(channelPatch, patch, 'notification channel update');
  const current = await findNotificationChannel(deps.db, { projectId, channelId });
  if (current === undefined) throw notFound('notification channel');
  if (v.rotateSigningSecret && current.kind !== 'webhook')
    throw new AppError('validation_failed', 'only webhook channels have a signing secret');
  const signingSecret = v.rotateSigningSecret ? randomToken('whsec') : undefined;
  const name = v.name ?? current.name;
  const row = await updateNotificationChannel(deps.db, {
    projectId,
    channelId,
    fields: {
      name,
      url_encrypted: v.url === undefined ? current.url_encrypted : deps.secrets.encrypt(v.url),
      url_hint: v.url === undefined ? current.url_hint : hint(v.url),
      signing_secret_encrypted:
        signingSecret === undefined ? current.signing_secret_encrypted : deps.secrets.encrypt(signingSecret),
      enabled: v.enabled ?? current.enabled,
    },
  }).catch((err: unknown) => conflict(err, name));
  if (row === undefined) throw notFound('notification channel');
  return { ...toChannel(row), ...(signingSecret !== undefined ? { signingSecret } : {}) };
}

export async function deleteChannel(deps: ChannelDeps, projectId: string, channelId: string): Promise<void> {
  if (!(await deleteNotificationChannel(deps.db, { projectId, channelId })))
    throw notFound('notification channel');
}
