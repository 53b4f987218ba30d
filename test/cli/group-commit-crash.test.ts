import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';

// Group commit answers a delivery only once the transaction holding it is committed: a kill -9 in the
// middle of a blast may lose requests that were never answered, never one that was.
const exec = promisify(execFile);
const entry = path.resolve('src/cli/entry.ts');
let dir: string;
let child: ChildProcess | undefined;
const env = () => ({ ...process.env, SOULCASTER_DATA_DIR: dir, LOG_LEVEL: 'info', NODE_ENV: 'production' });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sc-crash-'));
});
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('group commit under kill -9', () => {
  it('keeps every acknowledged delivery, with its clustering job or its cluster', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', entry, 'serve', '--port', '0'], { env: env() });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 150_000);
      child!.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        const m = /Soulcaster listening on (http:\/\/[^"\s]+)/.exec(stderr);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    const project = JSON.parse(
      (
        await exec(process.execPath, ['--import', 'tsx', entry, 'project', 'create', '--name', 'crash'], {
          env: env(),
          timeout: 120_000,
        })
      ).stdout,
    ) as { id: string; apiKey: string };

    const acked: string[] = [];
    let sent = 0;
    let killed = false;
    const exited = new Promise((resolve) => child!.on('exit', resolve));
    const sender = async () => {
      while (!killed) {
        const externalId = `crash-${sent++}`;
        try {
          const res = await fetch(`${url}/ingest/manual?project_id=${project.id}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${project.apiKey}` },
            body: JSON.stringify({ title: `Checkout fails with error ${sent % 13}`, externalId }),
          });
          if (res.status === 202) acked.push(externalId);
        } catch {
          // the connection died with the server: this request was never acknowledged
        }
      }
    };
    const senders = Array.from({ length: 16 }, sender);
    // kill once a good number of deliveries were acknowledged, while more are in flight
    while (acked.length < 150) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    killed = true;
    await exited;
    await Promise.all(senders);
    expect(sent).toBeGreaterThan(acked.length);

    // the data directory as the next start finds it (PGlite recovers from its WAL)
    const db = await openDatabase({ dataDir: path.join(dir, 'pgdata') });
    try {
      const { rows } = await db.pool.query<{ external_id: string; queued: boolean; clustered: boolean }>(
        `select f.external_id, f.cluster_id is not null as clustered,
                exists (select 1 from pgboss.job j, jsonb_array_elements_text(j.data->'itemIds') i
                         where j.name = 'cluster-feedback-items' and i = f.id::text) as queued
           from feedback_items f where f.project_id = $1 and f.external_id = any($2::text[])`,
        [project.id, acked],
      );
      expect(rows.map((r) => r.external_id).sort()).toEqual([...acked].sort());
      expect(rows.filter((r) => !r.clustered && !r.queued)).toEqual([]);
    } finally {
      await db.close();
    }
  }, 400_000);
});
