import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('soulcaster worker', () => {
  it('runs the job workers without HTTP and stops cleanly on SIGTERM', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sc-worker-'));
    dirs.push(dir);
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/cli/entry.ts'), 'worker'], {
      env: { ...process.env, SOULCASTER_DATA_DIR: dir, LOG_LEVEL: 'info' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const deadline = Date.now() + 60_000;
    while (!stderr.includes('worker running') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(stderr).toContain('embedded PGlite is single-process');
    expect(stderr).toContain('worker running');
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
