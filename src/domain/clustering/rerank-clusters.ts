import type { Queryable } from '../../db/database.js';
import { rankSetSql, todaySql } from './cluster-rank-sql.js';

/**
 * Rolls every cluster's 7-day windows and priority forward to today (UTC). Windows only move at midnight,
 * so only clusters not yet ranked today that had reports in the last 14 days change; the others are skipped
 * by the where clause, and a run after the first of the day updates nothing. Returns how many changed.
 */
export async function rerankClusters(db: Queryable): Promise<number> {
  const { rowCount } = await db.query(
    `update clusters
        set ${rankSetSql('daily_counts', 'item_count', 'author_count', 'source_counts')}
      where (ranked_on is null or ranked_on < ${todaySql})
        and (daily_counts <> '{}'::jsonb or recent_count <> 0 or previous_count <> 0 or ranked_on is null)`,
  );
  return rowCount ?? 0;
}
