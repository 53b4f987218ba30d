import type { Queryable } from '../database.js';

export interface NotificationChannelRow {
  id: string;
  project_id: string;
  kind: 'slack' | 'webhook';
  name: string;
  url_encrypted: string;
  url_hint: string;
  signing_secret_encrypted: string | null;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

const columns = `id, project_id, kind, name, url_encrypted, url_hint, signing_secret_encrypted, enabled, created_at, updated_at`;

export async function insertNotificationChannel(
  db: Queryable,
  row: Pick<
    NotificationChannelRow,
    'project_id' | 'kind' | 'name' | 'url_encrypted' | 'url_hint' | 'signing_secret_encrypted' | 'enabled'
  >,
): Promise<NotificationChannelRow> {
  const { rows } = await db.query<NotificationChannelRow>(
    `insert into notification_channels (project_id, kind, name, url_encrypted, url_hint, signing_secret_encrypted, enabled)
     values ($1, $2, $3, $4, $5, $6, $7) returning ${columns}`,
    [
      row.project_id,
      row.kind,
      row.name,
      row.url_encrypted,
      row.url_hint,
      row.signing_secret_encrypted,
      row.enabled,
    ],
  );
  return rows[0]!;
}

export async function listNotificationChannels(
  db: Queryable,
  projectId: string,
): Promise<NotificationChannelRow[]> {
  const { rows } = await db.query<NotificationChannelRow>(
    `select ${columns} from notification_channels where project_id = $1 order by created_at, name`,
    [projectId],
  );
  return rows;
}

export async function findNotificationChannel(
  db: Queryable,
  projectId: string,
  channelId: string,
): Promise<NotificationChannelRow | undefined> {
  const { rows } = await db.query<NotificationChannelRow>(
    `select ${columns} from notification_channels where project_id = $1 and id = $2`,
    [projectId, channelId],
  );
  return rows[0];
}

export async function updateNotificationChannel(
  db: Queryable,
  projectId: string,
  channelId: string,
  set: Pick<
    NotificationChannelRow,
    'name' | 'url_encrypted' | 'url_hint' | 'signing_secret_encrypted' | 'enabled'
  >,
): Promise<NotificationChannelRow | undefined> {
  const { rows } = await db.query<NotificationChannelRow>(
    `update notification_channels
        set name = $3, url_encrypted = $4, url_hint = $5, signing_secret_encrypted = $6, enabled = $7, updated_at = now()
      where project_id = $1 and id = $2 returning ${columns}`,
    [
      projectId,
      channelId,
      set.name,
      set.url_encrypted,
      set.url_hint,
      set.signing_secret_encrypted,
      set.enabled,
    ],
  );
  return rows[0];
}

export async function deleteNotificationChannel(
  db: Queryable,
  projectId: string,
  channelId: string,
): Promise<boolean> {
  const { rowCount } = await db.query('delete from notification_channels where project_id = $1 and id = $2', [
    projectId,
    channelId,
  ]);
  return (rowCount ?? 0) > 0;
}
