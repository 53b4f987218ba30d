import { spawn, execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { migrationsDir } from '../../src/db/migrate.js';

const exec = promisify(execFile);
const entry = path.resolve('src/cli/entry.ts');
let dataDir: string;

const cliEnv = () => ({
  ...process.env,
  SOULCASTER_DATA_DIR: dataDir,
  LOG_LEVEL: 'info',
  NODE_ENV: 'production',
});
const runCli = (args: string[], env: NodeJS.ProcessEnv = cliEnv()) =>
  exec(process.execPath, ['--import', 'tsx', entry, ...args], { env, timeout: 180_000 });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'sc-cli-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

// each command is a fresh process compiling the CLI with tsx: slow on a loaded machine
describe('soulcaster CLI', { timeout: 240_000 }, () => {
  it('migrate applies the migrations and prints what it did as JSON', async () => {
    const { stdout } = await runCli(['migrate']);
    const result = JSON.parse(stdout) as { applied: string[]; skipped: unknown[] };
    // a new directory starts from the template the build made (when there is one), which may hold every
    // migration already: what matters is that all of them are recorded afterwards
    expect(result.skipped).toEqual([]);
    const db = await openDatabase({ dataDir: path.join(dataDir, 'pgdata') });
    const { rows } = await db.pool.query<{ name: string }>('select name from schema_migrations');
    await db.close();
    const files = (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql'));
    expect(rows.map((r) => r.name).sort()).toEqual(files.sort());
    expect(files).toContain('0001_domain.sql');
    const again = JSON.parse((await runCli(['migrate'])).stdout) as { applied: string[] };
    expect(again.applied).toEqual([]);
  });

  it('project create prints {"id","apiKey"} and keeps a generated secret key private', async () => {
    const { stdout } = await runCli(['project', 'create', '--name', 'Checkout', '--repo', 'acme/shop']);
    const out = JSON.parse(stdout) as { id: string; apiKey: string };
    expect(Object.keys(out).sort()).toEqual(['apiKey', 'id']);
    expect(out.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.apiKey).toMatch(/^sc_/);
    const key = await stat(path.join(dataDir, 'secret.key'));
    expect(key.mode & 0o077).toBe(0);
  });

  it('project create rejects a bad repo with a clear message and a non-zero exit', async () => {
    await expect(runCli(['project', 'create', '--name', 'X', '--repo', 'nope'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('owner/name'),
    });
  });

  it('refuses to start on a bad environment, naming every bad variable', async () => {
    await expect(
      runCli(['migrate'], { ...cliEnv(), PORT: 'abc', DATABASE_URL: 'mysql://x' }),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/PORT: must be a whole number[\s\S]*DATABASE_URL/),
    });
  });

  it('serve answers /healthz and shuts down cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, 'serve', '--port', '0'], {
      env: cliEnv(),
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 60_000);
      child.stderr.on('data', () => {
        const m = /Soulcaster listening on (http:\/\/[^"\s]+)/.exec(stderr);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'pglite' });
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stderr).toContain('shutdown complete');
  });
});
