import type { Pool } from '../../db/database.js';
import { finishFix } from './finish-fix.js';
import { findLostFixes } from './fix-repository.js';
import type { NotificationRecorder } from '../notifications/notification-events.js';

/**
 * Scheduled: a running job whose heartbeat stopped belongs to a worker that died (crash, kill -9, lost
 * machine). It is failed with that reason, and its cluster with it, so nothing stays `running` forever;
 * the user can retry it as a new attempt.
 */
export async function sweepLostFixes(
  db: Pool,
  lostAfterSeconds: number,
  notifications?: NotificationRecorder,
): Promise<string[]> {
  const rows = await findLostFixes(db, { lostAfterSeconds });
  const failed: string[] = [];
  for (const r of rows) {
    if (
      await finishFix({ db, notifications }, r.project_id, r.id, {
        status: 'failed',
        error: `worker lost: no heartbeat for ${lostAfterSeconds}s (the process running this job stopped)`,
      })
    )
      failed.push(r.id);
  }
  return failed;
}
