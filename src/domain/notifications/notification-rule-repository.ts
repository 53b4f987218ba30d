import type { Queryable } from '../../db/database.js';

/**
 * The owner of `notification_rules`: every statement on it. Each function takes the pool or the
 * transaction's client first, then one options object.
 */
export interface NotificationRuleRow {
  id: string;
  project_id: string;
  channel_id: string;
  event: string;
  min_reports: number | null;
  window_minutes: number | null;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

interface OneRule {
  projectId: string;
  ruleId: string;
}

type RuleSettings = Pick<NotificationRuleRow, 'min_reports' | 'window_minutes' | 'enabled'>;

const columns = `id, project_id, channel_id, event, min_reports, window_minutes, enabled, created_at, updated_at`;

export async function insertNotificationRule(
  db: Queryable,
  o: { projectId: string; channelId: string; event: string; settings: RuleSettings },
): Promise<NotificationRuleRow> {
  const s = o.settings;
  const { rows } = await db.query<NotificationRuleRow>(
    `insert into notification_rules (project_id, channel_id, event, min_reports, window_minutes, enabled)
     values ($1, $2, $3, $4, $5, $6) returning ${columns}`,
    [o.projectId, o.channelId, o.event, s.min_reports, s.window_minutes, s.enabled],
  );
  return rows[0]!;
}

export async function listNotificationRules(
  db: Queryable,
  o: { projectId: string },
): Promise<NotificationRuleRow[]> {
  const { rows } = await db.query<NotificationRuleRow>(
    `select ${columns} from notification_rules where project_id = $1 order by created_at, id`,
    [o.projectId],
  );
  return rows;
}

export async function findNotificationRule(
  db: Queryable,
  o: OneRule,
): Promise<NotificationRuleRow | undefined> {
  const { rows } = await db.query<NotificationRuleRow>(
    `select ${columns} from notification_rules where project_id = $1 and id = $2`,
    [o.projectId, o.ruleId],
  );
  return rows[0];
}

export async function updateNotificationRule(
  db: Queryable,
  o: OneRule & { settings: RuleSettings },
): Promise<NotificationRuleRow | undefined> {
  const s = o.settings;
  const { rows } = await db.query<NotificationRuleRow>(
    `update notification_rules set min_reports = $3, window_minutes = $4, enabled = $5, updated_at = now()
      where project_id = $1 and id = $2 returning ${columns}`,
    [o.projectId, o.ruleId, s.min_reports, s.window_minutes, s.enabled],
  );
  return rows[0];
}

export async function deleteNotificationRule(db: Queryable, o: OneRule): Promise<boolean> {
  const { rowCount } = await db.query('delete from notification_rules where project_id = $1 and id = $2', [
    o.projectId,
    o.ruleId,
  ]);
  return (rowCount ?? 0) > 0;
}

/** The enabled rules for these events whose channel is enabled: what an event may notify. */
export async function findActiveRules(
  db: Queryable,
  o: { projectId: string; events: string[] },
): Promise<NotificationRuleRow[]> {
  const { rows } = await db.query<NotificationRuleRow>(
    `select ${columns
      .split(', ')
      .map((c) => `r.${c}`)
      .join(', ')}
       from notification_rules r join notification_channels c on c.project_id = r.project_id and c.id = r.channel_id
      where r.project_id = $1 and r.enabled and c.enabled and r.event = any($2::text[])`,
    [o.projectId, o.events],
  );
  return rows;
}
