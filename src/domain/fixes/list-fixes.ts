import type { Queryable } from '../../db/database.js';
import { decodeCursor, encodeCursor, type Page } from '../pagination.js';
import type { Fix, FixStatus } from './fix.js';
import { listFixPage, readFixLogLines, type LogLine } from './fix-repository.js';

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
  const rows = await listFixPage(db, {
    projectId,
    clusterId: opts.clusterId ?? null,
    status: opts.status ?? null,
    after,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page,
    nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

export type { LogLine };

export async function readFixLogs(
  db: Queryable,
  projectId: string,
  jobId: string,
  after: number,
  limit = 1000,
): Promise<LogLine[]> {
  return readFixLogLines(db, { projectId, fixId: jobId, after, limit });
}
