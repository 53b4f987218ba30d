import type { Queryable } from '../database.js';

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

const columns = `id, project_id, channel_id, event, min_reports, window_minutes, enabled, created_at, updated_at`;

export async function insertNotificationRule(
  db: Queryable,
  row: Pick<
    NotificationRuleRow,
    'project_id' | 'channel_id' | 'event' | 'min_reports' | 'window_minutes' | 'enabled'
  >,
): Promise<NotificationRuleRow> {
  const { rows } = await db.query<NotificationRuleRow>(
    `insert into notification_rules (project_id, channel_id, event, min_reports, window_minutes, enabled)
     values ($1, $2, $3, $4, $5, $6) returning ${columns}`,
    [row.project_id, row.channel_id, row.event, row.min_reports, row.window_minutes, row.enabled],
  );
  return rows[0]!;
}

export async function listNotificationRules(
  db: Queryable,
  projectId: string,
): Promise<NotificationRuleRow[]> {
  const { rows } = await db.query<NotificationRuleRow>(
    `select ${columns} from notification_rules where project_id = $1 order by created_at, id`,
    [projectId],
  );
  return rows;
}

export async function updateNotificationRule(
  db: Queryable,
  projectId: string,
  ruleId: string,
  set: Pick<NotificationRuleRow, 'min_reports' | 'window_minutes' | 'enabled'>,
): Promise<NotificationRuleRow | undefined> {
  const { rows } = await db.query<NotificationRuleRow>(
    `update notification_rules set min_reports = $3, window_minutes = $4, enabled = $5, updated_at = now()
      where project_id = $1 and id = $2 returning ${columns}`,
    [projectId, ruleId, set.min_reports, set.window_minutes, set.enabled],
  );
  return rows[0];
}

export async function findNotificationRule(
  db: Queryable,
  projectId: string,
  ruleId: string,
): Promise<NotificationRuleRow | undefined> {
  const { rows } = await db.query<NotificationRuleRow>(
    `select ${columns} from notification_rules where project_id = $1 and id = $2`,
    [projectId, ruleId],
  );
  return rows[0];
}

export async function deleteNotificationRule(
  db: Queryable,
  projectId: string,
  ruleId: string,
): Promise<boolean> {
  const { rowCount } = await db.query('delete from notification_rules where project_id = $1 and id = $2', [
    projectId,
    ruleId,
  ]);
  return (rowCount ?? 0) > 0;
}

/** The enabled rules for these events whose channel is enabled: what an event may notify. */
export async function findActiveRules(
  db: Queryable,
  projectId: string,
  events: string[],
): Promise<NotificationRuleRow[]> {
  const { rows } = await db.query<NotificationRuleRow>(
    `select ${columns
      .split(', ')
      .map((c) => `r.${c}`)
      .join(', ')}
       from notification_rules r join notification_channels c on c.project_id = r.project_id and c.id = r.channel_id
      where r.project_id = $1 and r.enabled and c.enabled and r.event = any($2::text[])`,
    [projectId, events],
  );
  return rows;
}
