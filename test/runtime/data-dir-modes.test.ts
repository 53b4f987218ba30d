import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, chmod, lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src/lib/logger.js';
import { createRuntime } from '../../src/runtime.js';
import { testConfig } from '../helpers/test-runtime.js';

let root: string;
let dataDir: string;

/** Every file and directory under dir with its permission bits, e.g. ['pgdata/base 700', …]. */
async function modes(dir: string): Promise<{ path: string; mode: number; dir: boolean }[]> {
  const out: { path: string; mode: number; dir: boolean }[] = [];
  const walk = async (p: string) => {
    const st = await lstat(p);
    if (st.isSymbolicLink()) return;
    out.push({ path: path.relative(dir, p) || '.', mode: st.mode & 0o777, dir: st.isDirectory() });
    if (st.isDirectory()) for (const n of await readdir(p)) await walk(path.join(p, n));
  };
  await walk(dir);
  return out;
}

const open = () =>
  createRuntime({
    // embedded mode on disk, with the key generated into the data directory as a first start does
    config: testConfig({ SOULCASTER_DATA_DIR: dataDir, SOULCASTER_SECRET_KEY: '' }),
    logger: createSilentLogger(),
    workers: false,
  });

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'sc-modes-'));
  await chmod(root, 0o755);
  dataDir = path.join(root, 'data');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the data directory is readable by its owner only', () => {
  it('a first start creates the database, key and directories owner-only, and so does everything written later', async () => {
    const rt = await open();
    try {
      // a new table is a new relation file, written while the server runs
      await rt.services.db.pool.query('create table mode_probe (x int)');
      await rt.services.db.pool.query('insert into mode_probe select generate_series(1, 1000)');
      await rt.services.db.pool.query('checkpoint');
    } finally {
      await rt.close();
    }
    const all = await modes(dataDir);
    expect(all.length).toBeGreaterThan(100);
    const loose = all.filter((e) => (e.mode & 0o077) !== 0).map((e) => `${e.path} ${e.mode.toString(8)}`);
    expect(loose).toEqual([]);
    expect(all.filter((e) => e.dir).every((e) => e.mode === 0o700)).toBe(true);
    expect(
      all.filter((e) => !e.dir && e.path.startsWith('pgdata/base/')).every((e) => e.mode === 0o600),
    ).toBe(true);
    expect(((await stat(path.join(dataDir, 'secret.key'))).mode & 0o777).toString(8)).toBe('600');
    expect(((await stat(dataDir)).mode & 0o777).toString(8)).toBe('700');
  });

  it('tightens a data directory an older version left world-readable and writable', async () => {
    // what earlier versions left behind: 0666 database files, 0755 directories
    execFileSync('chmod', ['-R', 'a+rwX,go-w', dataDir]);
    execFileSync('find', [path.join(dataDir, 'pgdata'), '-type', 'f', '-exec', 'chmod', '0666', '{}', '+']);
    expect((await modes(dataDir)).some((e) => (e.mode & 0o077) !== 0)).toBe(true);
    const rt = await open();
    await rt.close();
    const loose = (await modes(dataDir)).filter((e) => (e.mode & 0o077) !== 0).map((e) => e.path);
    expect(loose).toEqual([]);
  });
});
