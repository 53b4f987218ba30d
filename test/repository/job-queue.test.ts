import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob } from '../../src/queue/define-job.js';
import { JobQueue } from '../../src/queue/job-queue.js';
import { createSilentLogger } from '../../src/lib/logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const catalog = {
  'sum-numbers': defineJob({
    payload: z.object({ a: z.number(), b: z.number() }),
    retryLimit: 0,
    retryDelaySeconds: 1,
    retryBackoff: false,
    timeoutSeconds: 30,
    concurrency: 2,
  }),
};

let db: TestDatabase;
let queue: JobQueue<typeof catalog>;
beforeAll(async () => {
  db = await createTestDatabase();
  queue = new JobQueue({ pool: db.pool, catalog, logger: createSilentLogger(), pollingIntervalSeconds: 0.5 });
  await queue.start();
});
afterAll(async () => {
  await queue.stop({ timeoutMs: 2000 });
  await db.close();
});

describe(`job queue on ${process.env.SOULCASTER_TEST_ENGINE ?? 'pglite'}`, () => {
  it('delivers every job once across concurrent workers', async () => {
    const sums: number[] = [];
    await queue.work({ 'sum-numbers': async ({ a, b }) => void sums.push(a + b) });
    for (let i = 0; i < 10; i++) await queue.send('sum-numbers', { a: i, b: 100 });
    const deadline = Date.now() + 30_000;
    while (sums.length < 10 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(sums.sort((x, y) => x - y)).toEqual(Array.from({ length: 10 }, (_, i) => i + 100));
  });
});
