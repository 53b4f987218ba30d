import type { Pool } from '../../db/database.js';
import { withTransaction } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { notFound } from '../errors.js';
import { checkFixPolicy, type FixPolicy } from './fix-policy.js';
import { fixSettings, setFixSettings, type FixSettings } from './fix-settings.js';

export interface FixSettingChange {
  field: keyof FixSettings;
  old: string | number | boolean | null;
  new: string | number | boolean | null;
}

/**
 * Replaces a project's fix settings on behalf of a signed-in owner (the route checks who may), within
 * the server's policy, and records what changed (field, old → new) with who and when, in the same
 * transaction so no change goes unrecorded. Setting the same values again records nothing.
 */
export async function changeFixSettings(
  deps: { db: Pool; clock: Clock; policy: FixPolicy },
  input: { projectId: string; userId: string; settings: FixSettings },
): Promise<FixSettings> {
  checkFixPolicy(deps.policy, input.settings);
  return withTransaction(deps.db, async (tx) => {
    const { rows } = await tx.query<{ fix: unknown }>(
      `select settings->'fix' as fix from projects where id = $1 for update`,
      [input.projectId],
    );
    if (rows[0] === undefined) throw notFound('project');
    const before = fixSettings.safeParse(rows[0].fix ?? {});
    const old: FixSettings = before.success ? before.data : {};
    const next = await setFixSettings(tx, input.projectId, input.settings);
    const changes = diffSettings(old, next);
    if (changes.length > 0)
      await tx.query(
        `insert into fix_settings_changes (project_id, changed_by, changed_at, changes) values ($1, $2, $3, $4::jsonb)`,
        [input.projectId, input.userId, deps.clock.now(), JSON.stringify(changes)],
      );
    return next;
  });
}

function diffSettings(old: FixSettings, next: FixSettings): FixSettingChange[] {
  const fields = Object.keys(fixSettings.shape) as (keyof FixSettings)[];
  return fields
    .filter((f) => old[f] !== next[f])
    .map((f) => ({ field: f, old: old[f] ?? null, new: next[f] ?? null }));
}
