import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobHandlers, type HandlerDeps } from '../../src/queue/handlers.js';
import { jobCatalog, type AppJobCatalog } from '../../src/queue/catalog.js';
import type { JobHandlers } from '../../src/queue/define-job.js';
import { createTestRuntime, testConfig, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt.close();
});

describe('job catalog', () => {
  it('has a handler for every job, and leaving one out does not compile', () => {
    const handlers = createJobHandlers(rt.services satisfies HandlerDeps);
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(jobCatalog).sort());
    const { 'poll-pull-requests': _left, ...missingOne } = handlers;
    // @ts-expect-error a catalog entry without a handler is a type error
    const incomplete: JobHandlers<AppJobCatalog> = missingOne;
    expect(Object.keys(incomplete)).not.toContain('poll-pull-requests');
  });

  it('schedules every cron from its catalog entry, the PR poll from config', async () => {
    await rt.services.queue.scheduleCrons(testConfig({ FIX_PR_POLL_CRON: '*/7 * * * *' }));
    const { rows } = await rt.db.pool.query<{ name: string; cron: string }>(
      'select name, cron from pgboss.schedule order by name',
    );
    expect(rows).toEqual([
      { name: 'poll-pull-requests', cron: '*/7 * * * *' },
      { name: 'rerank-clusters', cron: '*/15 * * * *' },
      { name: 'schedule-source-polls', cron: '* * * * *' },
      { name: 'sweep-lost-fix-jobs', cron: '* * * * *' },
      { name: 'sweep-unclustered', cron: '* * * * *' },
    ]);
  });
});
