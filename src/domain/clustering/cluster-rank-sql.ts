/** The UTC day priority windows are counted to (the database's clock, like the items' received_at). */
export const todaySql = `(now() at time zone 'UTC')::date`;

/** How a report is dated for the priority windows: when it happened, never later than its arrival. */
export const reportDaySql = (alias: string) =>
  `to_char(least(${alias}.occurred_at, ${alias}.received_at) at time zone 'UTC', 'YYYY-MM-DD')`;

/**
 * SET clauses that roll a cluster's daily counts forward and store its windows and score (migration
 * 0720's cluster_rank), given SQL expressions for its new daily counts, reports, authors and source counts.
 */
export const rankSetSql = (daily: string, reports: string, authors: string, sourceCounts: string) =>
  `(daily_counts, recent_count, previous_count, priority) = (
     select r.daily_counts, r.recent_count, r.previous_count, r.priority
       from cluster_rank(${daily}, ${reports}, ${authors},
                         (select count(*)::int from jsonb_object_keys(${sourceCounts})), ${todaySql}) r),
   ranked_on = ${todaySql}`;
