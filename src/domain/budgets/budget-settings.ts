import type { Queryable } from '../../db/database.js';

/** projects.settings.budgets as stored (validated by fix-budgets.ts on the way in and out). */
export async function readBudgetSettings(
  db: Queryable,
  o: { projectId: string; lock?: boolean },
): Promise<unknown> {
  const { rows } = await db.query<{ budgets: unknown }>(
    `select settings->'budgets' as budgets from projects where id = $1${o.lock ? ' for update' : ''}`,
    [o.projectId],
  );
  return rows.length === 0 ? undefined : (rows[0]!.budgets ?? {});
}

export async function writeBudgetSettings(
  db: Queryable,
  o: { projectId: string; budgets: unknown },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `update projects set settings = jsonb_set(settings, '{budgets}', $2::jsonb), updated_at = now() where id = $1`,
    [o.projectId, JSON.stringify(o.budgets)],
  );
  return (rowCount ?? 0) > 0;
}
