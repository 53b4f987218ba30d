import type { Queryable } from '../../../db/database.js';
import type { Clock } from '../../../lib/clock.js';
import { findDueSources } from '../../sources/source-repository.js';

export interface SchedulePollsDeps {
  db: Queryable;
  clock: Clock;
  /** queues one poll; the singleton key keeps a slow source from piling up runs */
  enqueuePoll(projectId: string, sourceId: string): Promise<void>;
}

export async function scheduleSourcePolls(deps: SchedulePollsDeps): Promise<number> {
  const due = await findDueSources(deps.db, { now: deps.clock.now() });
  for (const d of due) await deps.enqueuePoll(d.projectId, d.sourceId);
  return due.length;
}
