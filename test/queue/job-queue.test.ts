import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { defineJob } from '../../src/queue/define-job.js';
import { JobQueue } from '../../src/queue/job-queue.js';
import { createSilentLogger } from '../../src/lib/logger.js';

const catalog = {
  'record-visit': defineJob({
    payload: z.object({ visitId: z.string() }),
    retryLimit: 3,
    retryDelaySeconds: 1,
    retryBackoff: false,
    timeoutSeconds: 30,
  }),
};

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function openOnDisk(
  dir: string,
  pollingIntervalSeconds = 0.5,
): Promise<{ db: Database; queue: JobQueue<typeof catalog> }> {
  const db = await openDatabase({ dataDir: dir });
  await migrate(db.pool);
  const queue = new JobQueue({
    pool: db.pool,
    catalog,
    logger: createSilentLogger(),
    pollingIntervalSeconds,
  });
  await queue.start();
  return { db, queue };
}

const waitFor = async (cond: () => boolean | Promise<boolean>, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('JobQueue on embedded PGlite', () => {
  it('keeps a job enqueued before a restart and processes it exactly once after', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sc-queue-'));
    dirs.push(dir);

    const first = await openOnDisk(dir);
    const jobId = await first.queue.send('record-visit', { visitId: 'v-1' });
    expect(jobId).toBeTruthy();
    await first.queue.stop({ timeoutMs: 1000 });
    await first.db.close();

    const second = await openOnDisk(dir);
    const seen: string[] = [];
    await second.queue.work({ 'record-visit': async (p) => void seen.push(p.visitId) });
    await waitFor(() => seen.length > 0);
    // several more polling rounds: a second delivery would show up here
    await new Promise((r) => setTimeout(r, 2_000));
    expect(seen).toEqual(['v-1']);
    const job = await second.queue.getJob('record-visit', jobId!);
    expect(job?.state).toBe('completed');
    await second.queue.stop({ timeoutMs: 1000 });
    await second.db.close();
    // two engines created on disk (initdb in WebAssembly): slow on a loaded machine
  }, 180_000);

  it('rejects an invalid payload at send time and queues nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sc-queue-'));
    dirs.push(dir);
    const { db, queue } = await openOnDisk(dir);
    await expect(queue.send('record-visit', { visitId: 42 } as never)).rejects.toThrow(/invalid payload/);
    expect(await queue.countPending('record-visit')).toBe(0);
    await queue.stop({ timeoutMs: 1000 });
    await db.close();
  });

  it('retries a failing job by its policy, and a graceful stop waits for the running handler', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sc-queue-'));
    dirs.push(dir);
    const { db, queue } = await openOnDisk(dir);
    let attempts = 0;
    let finished = false;
    await queue.work({
      'record-visit': async (p) => {
        attempts++;
        if (p.visitId === 'flaky' && attempts < 2) throw new Error('transient failure');
        if (p.visitId === 'slow') {
          await new Promise((r) => setTimeout(r, 1_500));
          finished = true;
        }
      },
    });
    const id = await queue.send('record-visit', { visitId: 'flaky' });
    await waitFor(async () => (await queue.getJob('record-visit', id!))?.state === 'completed');
    expect(attempts).toBe(2);

    await queue.send('record-visit', { visitId: 'slow' });
    await waitFor(() => attempts >= 3);
    await queue.stop({ timeoutMs: 10_000 });
    expect(finished).toBe(true);
    await db.close();
  });

  it('drains a backlog without waiting a polling interval per job, and wakes on send', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sc-queue-'));
    dirs.push(dir);
    // a long interval: before the fix each job cost one full interval (pg-boss sleeps after every fetch)
    const { db, queue } = await openOnDisk(dir, 10);
    for (let i = 0; i < 5; i++) await queue.send('record-visit', { visitId: `b-${i}` });
    const seen: string[] = [];
    const started = Date.now();
    await queue.work({ 'record-visit': async (p) => void seen.push(p.visitId) });
    await waitFor(() => seen.length === 5, 8_000);
    expect(Date.now() - started).toBeLessThan(8_000);
    // the worker is now asleep for its interval; a send in this process wakes it
    const sent = Date.now();
    await queue.send('record-visit', { visitId: 'late' });
    await waitFor(() => seen.includes('late'), 5_000);
    expect(Date.now() - sent).toBeLessThan(5_000);
    await queue.stop({ timeoutMs: 1000 });
    await db.close();
  });
});
