import type { Queryable } from '../../db/database.js';

/**
 * The owner of `notification_channels`: every statement on it. Each function takes the pool or the
 * transaction's client first, then one options object.
 */
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

interface OneChannel {
  projectId: string;
  channelId: string;
}

type ChannelFields = Pick<
  NotificationChannelRow,
  'name' | 'url_encrypted' | 'url_hint' | 'signing_secret_encrypted' | 'enabled'
>;

const columns = `id, project_id, kind, name, url_encrypted, url_hint, signing_secret_encrypted, enabled, created_at, updated_at`;

export async function insertNotificationChannel(
  db: Queryable,
  o: { projectId: string; kind: NotificationChannelRow['kind']; fields: ChannelFields },
): Promise<NotificationChannelRow> {
  const f = o.fields;
  const { rows } = await db.query<NotificationChannelRow>(
    `insert into notification_channels (project_id, kind, name, url_encrypted, url_hint, signing_secret_encrypted, enabled)
     values ($1, $2, $3, $4, $5, $6, $7) returning ${columns}`,
    [o.projectId, o.kind, f.name, f.url_encrypted, f.url_hint, f.signing_secret_encrypted, f.enabled],
  );
  return rows[0]!;
}

export async function listNotificationChannels(
  db: Queryable,
  o: { projectId: string },
): Promise<NotificationChannelRow[]> {
  const { rows } = await db.query<NotificationChannelRow>(
    `select ${columns} from notification_channels where project_id = $1 order by created_at, name`,
    [o.projectId],
  );
  return rows;
}

export async function findNotificationChannel(
  db: Queryable,
  o: OneChannel,
): Promise<NotificationChannelRow | undefined> {
  const { rows } = await db.query<NotificationChannelRow>(
    `select ${columns} from notification_channels where project_id = $1 and id = $2`,
    [o.projectId, o.channelId],
  );
  return rows[0];
}

export async function updateNotificationChannel(
  db: Queryable,
  o: OneChannel & { fields: ChannelFields },
): Promise<NotificationChannelRow | undefined> {
  const f = o.fields;
  const { rows } = await db.query<NotificationChannelRow>(
    `update notification_channels
        set name = $3, url_encrypted = $4, url_hint = $5, signing_secret_encrypted = $6, enabled = $7, updated_at = now()
      where project_id = $1 and id = $2 returning ${columns}`,
    [o.projectId, o.channelId, f.name, f.url_encrypted, f.url_hint, f.signing_secret_encrypted, f.enabled],
  );
  return rows[0];
}

export async function deleteNotificationChannel(db: Queryable, o: OneChannel): Promise<boolean> {
  const { rowCount } = await db.query('delete from notification_channels where project_id = $1 and id = $2', [
    o.projectId,
    o.channelId,
  ]);
  return (rowCount ?? 0) > 0;
}
