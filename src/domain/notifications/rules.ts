import { z } from 'zod';
import type { Queryable } from '../../db/database.js';
import { findNotificationChannel } from './notification-channel-repository.js';
import {
  deleteNotificationRule,
  findNotificationRule,
  insertNotificationRule,
  listNotificationRules,
  updateNotificationRule,
  type NotificationRuleRow,
} from './notification-rule-repository.js';
import { AppError, notFound } from '../errors.js';
import { validate } from '../validate.js';
import { notificationEvents, type NotificationEvent } from './notification-events.js';

export const ruleInput = z.object({
  event: z.enum(notificationEvents),
  channelId: z.uuid(),
  /** cluster.growing: reports within windowMinutes that fire the rule */
  minReports: z.number().int().min(1).max(100_000).optional(),
  windowMinutes: z.number().int().min(1).max(43_200).optional(),
  enabled: z.boolean().default(true),
});

export const rulePatch = z.object({
  minReports: z.number().int().min(1).max(100_000).optional(),
  windowMinutes: z.number().int().min(1).max(43_200).optional(),
  enabled: z.boolean().optional(),
});

export interface NotificationRule {
  id: string;
  event: NotificationEvent;
  channelId: string;
  minReports: number | null;
  windowMinutes: number | null;
  enabled: boolean;
  createdAt: Date;
}

const toRule = (r: NotificationRuleRow): NotificationRule => ({
  id: r.id,
  event: r.event as NotificationEvent,
  channelId: r.channel_id,
  minReports: r.min_reports,
  windowMinutes: r.window_minutes,
  enabled: r.enabled,
  createdAt: r.created_at,
});

function growthSettings(event: NotificationEvent, minReports?: number, windowMinutes?: number) {
  if (event !== 'cluster.growing') {
    if (minReports !== undefined || windowMinutes !== undefined)
      throw new AppError(
        'validation_failed',
        'minReports and windowMinutes apply to cluster.growing rules only',
      );
    return { min_reports: null, window_minutes: null };
  }
  if (minReports === undefined || windowMinutes === undefined)
    throw new AppError(
      'validation_failed',
      'a cluster.growing rule needs minReports and windowMinutes (N reports within M minutes)',
    );
  return { min_reports: minReports, window_minutes: windowMinutes };
}

export async function createRule(
  db: Queryable,
  projectId: string,
  input: z.input<typeof ruleInput>,
): Promise<NotificationRule> {
  const v = validate(ruleInput, input, 'notification rule');
  if ((await findNotificationChannel(db, { projectId, channelId: v.channelId })) === undefined)
    throw notFound('notification channel');
  const row = await insertNotificationRule(db, {
    projectId,
    channelId: v.channelId,
    event: v.event,
    settings: { ...growthSettings(v.event, v.minReports, v.windowMinutes), enabled: v.enabled },
  });
  return toRule(row);
}

export async function listRules(db: Queryable, projectId: string): Promise<NotificationRule[]> {
  return (await listNotificationRules(db, { projectId })).map(toRule);
}

export async function updateRule(
  db: Queryable,
  projectId: string,
  ruleId: string,
  patch: z.input<typeof rulePatch>,
): Promise<NotificationRule> {
  const v = validate(rulePatch, patch, 'notification rule update');
  const current = await findNotificationRule(db, { projectId, ruleId });
  if (current === undefined) throw notFound('notification rule');
  const event = current.event as NotificationEvent;
  const growth =
    event === 'cluster.growing'
      ? growthSettings(
          event,
          v.minReports ?? current.min_reports ?? undefined,
          v.windowMinutes ?? current.window_minutes ?? undefined,
        )
      : growthSettings(event, v.minReports, v.windowMinutes);
  const row = await updateNotificationRule(db, {
    projectId,
    ruleId,
    settings: { ...growth, enabled: v.enabled ?? current.enabled },
  });
  if (row === undefined) throw notFound('notification rule');
  return toRule(row);
}

export async function deleteRule(db: Queryable, projectId: string, ruleId: string): Promise<void> {
  if (!(await deleteNotificationRule(db, { projectId, ruleId }))) throw notFound('notification rule');
}
