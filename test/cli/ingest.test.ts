import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';

const exec = promisify(execFile);
const entry = path.resolve('src/cli/entry.ts');
let dir: string;
let projectId: string;
const env = () => ({ ...process.env, SOULCASTER_DATA_DIR: dir, LOG_LEVEL: 'warn' });
const cli = (args: string[]) =>
  exec(process.execPath, ['--import', 'tsx', entry, ...args], { env: env(), timeout: 180_000 });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sc-ingest-'));
  projectId = (JSON.parse((await cli(['project', 'create', '--name', 'import'])).stdout) as { id: string })
    .id;
}, 240_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('soulcaster ingest', { timeout: 240_000 }, () => {
  it('imports JSONL and CSV, reports progress on stderr and a JSON summary on stdout, and dedupes a re-import', async () => {
    const jsonl = path.join(dir, 'feedback.jsonl');
    await writeFile(
      jsonl,
      [
        '{"id":"a1","title":"Login fails on Safari","body":"Spinner forever"}',
        '',
        '{"external_id":"a2","title":"Password reset mail never arrives"}',
      ].join('\n'),
    );
    const first = await cli(['ingest', '--project', projectId, jsonl]);
    // no server runs: the command clusters its items itself before it returns
    expect(JSON.parse(first.stdout)).toEqual({
      file: jsonl,
      rows: 2,
      stored: 2,
      duplicates: 0,
      unclustered: 0,
    });
    expect(first.stderr).toMatch(/clustering: 2\/2 \(100%\)/);
    expect(first.stderr).toMatch(/importing: 2\/2 \(100%\)/);
    const again = await cli(['ingest', '--project', projectId, jsonl]);
    expect(JSON.parse(again.stdout)).toMatchObject({ stored: 0, duplicates: 2 });

    const csv = path.join(dir, 'feedback.csv');
    await writeFile(
      csv,
      'title,body,url\n"Export to CSV, then crash","Steps: open ""Reports""",https://example.com/r/1\nDark mode flickers,,\n',
    );
    const fromCsv = await cli(['ingest', '--project', projectId, csv]);
    expect(JSON.parse(fromCsv.stdout)).toMatchObject({ rows: 2, stored: 2 });
  });

  it('rejects a file with bad rows, naming the lines, and imports nothing from it', async () => {
    const bad = path.join(dir, 'bad.jsonl');
    await writeFile(
      bad,
      ['{"title":"fine row"}', '{"body":"no title"}', 'not json', '{"title":"bad url","url":"nope"}'].join(
        '\n',
      ),
    );
    await expect(cli(['ingest', '--project', projectId, bad])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /3 invalid row\(s\)[\s\S]*line 2: title[\s\S]*line 3: not a JSON object[\s\S]*line 4: url/,
      ),
    });
    const db = await openDatabase({ dataDir: path.join(dir, 'pgdata') });
    const { rows } = await db.pool.query(
      `select count(*)::int as n from feedback_items where title = 'fine row'`,
    );
    await db.close();
    expect(rows[0]!.n).toBe(0);
  });
});
