import type { Queryable } from '../../db/database.js';
import { decodeCursor, encodeCursor, type Page } from '../pagination.js';
import { fixColumns, toFix, type Fix, type FixRow, type FixStatus } from './fix.js';

/** Newest first, keyset-paginated on (created_at, id). */
export async function listFixes(
  db: Queryable,
  projectId: string,
  opts: {
    clusterId?: string | undefined;
    status?: FixStatus | undefined;
    limit?: number;
    cursor?: string | undefined;
  },
): Promise<Page<Fix>> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const after = decodeCursor(opts.cursor) as [string, string] | undefined;
  const { rows } = await db.query<FixRow>(
    `select ${fixColumns} from agent_jobs j join clusters c on c.project_id = j.project_id and c.id = j.cluster_id
      where j.project_id = $1 and ($2::uuid is null or j.cluster_id = $2) and ($3::text is null or j.status = $3)
        and ($4::timestamptz is null or (j.created_at, j.id) < ($4::timestamptz, $5::uuid))
      order by j.created_at desc, j.id desc limit $6`,
    [
      projectId,
      opts.clusterId ?? null,
      opts.status ?? null,
      after?.[0] ?? null,
      after?.[1] ?? null,
      limit + 1,
    ],
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toFix),
    nextCursor: rows.length > limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
  };
}

export interface LogLine {
  seq: number;
  ts: Date;
  stream: 'stdout' | 'stderr' | 'system';
  line: string;
}

export async function readFixLogs(
  db: Queryable,
  projectId: string,
  jobId: string,
  after: number,
  limit = 1000,
): Promise<LogLine[]> {
  const { rows } = await db.query<LogLine>(
    `select seq, ts, stream, line from job_log_lines where project_id = $1 and agent_job_id = $2 and seq > $3
      order by seq limit $4`,
    [projectId, jobId, after, limit],
  );
  return rows;
}
