import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { pgdataTemplateFile } from '../../src/db/pgdata-template.js';
import { buildPgdataTemplate } from '../../src/embedded/build-pgdata-template.js';
import { jobCatalog } from '../../src/queue/catalog.js';

// The buffer cache is most of an embedded server's memory: a new directory must open small (32 MB,
// which with the modules loaded at start keeps a fresh server under 300 MB) and grow only with its indexes.

let dir: string;
const opened: Database[] = [];
const sharedBuffers = async (db: Database) =>
  (await db.pool.query<{ setting: string }>(`select current_setting('shared_buffers') as setting`)).rows[0]
    ?.setting;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sc-buffers-'));
});
afterAll(async () => {
  for (const db of opened) await db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('embedded buffer cache', () => {
  it('a new directory from the build template opens at 32MB with its schema in place, and keeps it', async () => {
    await buildPgdataTemplate();
    const template = await pgdataTemplateFile(Object.keys(jobCatalog));
    const dataDir = path.join(dir, 'from-template');
    const db = await openDatabase({ dataDir, template, sharedBuffers: 'auto' });
    opened.push(db);
    expect(await sharedBuffers(db)).toBe('32MB');
    const { rows } = await db.pool.query<{ n: number }>('select count(*)::int as n from projects');
    expect(rows[0]?.n).toBe(0);
    await db.close();
    const again = await openDatabase({ dataDir, template, sharedBuffers: 'auto' });
    opened.push(again);
    expect(await sharedBuffers(again)).toBe('32MB');
  }, 120_000);

  it('a fixed size still wins over auto', async () => {
    const db = await openDatabase({ dataDir: path.join(dir, 'fixed'), sharedBuffers: '48MB' });
    opened.push(db);
    expect(await sharedBuffers(db)).toBe('48MB');
  }, 120_000);
});
