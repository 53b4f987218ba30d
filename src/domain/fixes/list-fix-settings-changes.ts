import type { Queryable } from '../../db/database.js';
import type { FixSettingChange } from './change-fix-settings.js';

export interface FixSettingsChangeEntry {
  id: string;
  at: Date;
  /** null when the user who made the change has since been deleted */
  actor: { id: string; login: string } | null;
  changes: FixSettingChange[];
}

/** The project's record of fix-settings changes, newest first. */
export async function listFixSettingsChanges(
  db: Queryable,
  projectId: string,
  limit: number,
): Promise<FixSettingsChangeEntry[]> {
  const { rows } = await db.query<{
    id: string;
    changed_at: Date;
    user_id: string | null;
    login: string | null;
    changes: FixSettingChange[];
  }>(
    `select c.id, c.changed_at, u.id as user_id, u.login, c.changes
       from fix_settings_changes c left join users u on u.id = c.changed_by
      where c.project_id = $1
      order by c.changed_at desc, c.id desc
      limit $2`,
    [projectId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    at: r.changed_at,
    actor: r.user_id !== null && r.login !== null ? { id: r.user_id, login: r.login } : null,
    changes: r.changes,
  }));
}
