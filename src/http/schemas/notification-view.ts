import { z } from 'zod';
import { notificationEvents } from '../../domain/notifications/notification-events.js';

export const channelView = z.object({
  id: z.string(),
  kind: z.enum(['slack', 'webhook']),
  name: z.string(),
  urlHint: z.string(),
  hasSigningSecret: z.boolean(),
  enabled: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
  /** only when created or rotated: the webhook's signing secret, shown once */
  signingSecret: z.string().optional(),
});

export const ruleView = z.object({
  id: z.string(),
  event: z.enum(notificationEvents),
  channelId: z.string(),
  minReports: z.number().nullable(),
  windowMinutes: z.number().nullable(),
  enabled: z.boolean(),
  createdAt: z.date(),
});

export const deliveryView = z.object({
  id: z.string(),
  event: z.string(),
  channelId: z.string().nullable(),
  ruleId: z.string().nullable(),
  clusterId: z.string().nullable(),
  fixId: z.string().nullable(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  maxAttempts: z.number(),
  responseCode: z.number().nullable(),
  error: z.string().nullable(),
  subject: z.string().nullable(),
  lastAttemptAt: z.date().nullable(),
  deliveredAt: z.date().nullable(),
  createdAt: z.date(),
});
