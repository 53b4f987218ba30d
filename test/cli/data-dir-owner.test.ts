import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// One process owns an embedded data directory: CLI commands go through a running serve, a second serve is
// refused, and a crashed owner's lock does not block the next start.
const exec = promisify(execFile);
const entry = path.resolve('src/cli/entry.ts');
let dir: string;
const children: ChildProcess[] = [];

const env = () => ({ ...process.env, SOULCASTER_DATA_DIR: dir, LOG_LEVEL: 'info', NODE_ENV: 'production' });
const cli = (args: string[]) =>
  exec(process.execPath, ['--import', 'tsx', entry, ...args], { env: env(), timeout: 120_000 });

interface Serve {
  child: ChildProcess;
  url: string;
  exit: Promise<number | null>;
  stderr: () => string;
}

/** Starts `serve` on a random port; resolves once it listens, or with its exit when it refuses. */
function startServe(): Promise<Serve> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, 'serve', '--port', '0'], { env: env() });
  children.push(child);
  let stderr = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 150_000);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /Soulcaster listening on (http:\/\/[^"\s]+)/.exec(stderr);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1], exit, stderr: () => stderr });
      }
    });
    void exit.then((code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`serve exited with ${code}`), { code, stderr }));
    });
  });
}

const ingest = (s: Serve, project: { id: string; apiKey: string }, title: string) =>
  fetch(`${s.url}/ingest/manual?project_id=${project.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${project.apiKey}` },
    body: JSON.stringify({ title }),
  });

const feedbackCount = async (s: Serve, project: { id: string; apiKey: string }) => {
  const res = await fetch(`${s.url}/api/projects/${project.id}/feedback?limit=100`, {
    headers: { authorization: `Bearer ${project.apiKey}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: unknown[] }).items.length;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sc-owner-'));
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('one process owns the embedded data directory', () => {
  let project: { id: string; apiKey: string };
  let second: Serve;

  it('runs CLI commands through a running serve: the project works at once and after a restart', async () => {
    const first = await startServe();
    const lock = JSON.parse(await readFile(path.join(dir, 'soulcaster.lock'), 'utf8')) as {
      pid: number;
      socket: string;
    };
    expect(lock.pid).toBe(first.child.pid);
    expect((await stat(lock.socket)).mode & 0o777).toBe(0o600);

    project = JSON.parse((await cli(['project', 'create', '--name', 'Web app'])).stdout) as typeof project;
    // usable at once: the server's own database has it (two processes on one directory never saw each other)
    expect((await ingest(first, project, 'Checkout button does nothing on Safari')).status).toBe(202);
    const listed = await fetch(`${first.url}/api/projects`);
    expect(((await listed.json()) as { items: { id: string }[] }).items.map((p) => p.id)).toContain(
      project.id,
    );

    const file = path.join(dir, 'import.jsonl');
    await writeFile(
      file,
      [
        '{"title":"Login fails on Safari"}',
        '{"title":"Login fails on Safari 17"}',
        '{"title":"Dark mode"}',
      ].join('\n'),
    );
    const imported = await cli(['ingest', '--project', project.id, file]);
    expect(JSON.parse(imported.stdout)).toEqual({
      file,
      rows: 3,
      stored: 3,
      duplicates: 0,
      unclustered: 0,
    });
    expect(imported.stderr).toMatch(/importing: 3\/3 \(100%\)/);
    expect(JSON.parse((await cli(['migrate'])).stdout)).toEqual({ applied: [], skipped: [] });
    expect(await feedbackCount(first, project)).toBe(4);

    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    second = await startServe();
    expect((await ingest(second, project, 'Export to CSV crashes')).status).toBe(202);
    expect(await feedbackCount(second, project)).toBe(5);
  }, 400_000);

  it('refuses a second serve on the same directory, naming the owner', async () => {
    const refused = await startServe().then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(refused?.code).toBe(2);
    expect(refused?.stderr).toContain(`is in use by \`soulcaster serve\` (pid ${second.child.pid}`);
    expect(refused?.stderr).toContain('only one serve may use an embedded data directory');
    // the owner is untouched
    expect(await feedbackCount(second, project)).toBe(5);
  }, 200_000);

  it('recovers the lock a kill -9 left behind', async () => {
    second.child.kill('SIGKILL');
    await second.exit;
    await expect(stat(path.join(dir, 'soulcaster.lock'))).resolves.toBeTruthy();
    const third = await startServe();
    expect(await feedbackCount(third, project)).toBe(5);
    third.child.kill('SIGTERM');
    expect(await third.exit).toBe(0);
    await expect(stat(path.join(dir, 'soulcaster.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
  }, 200_000);
});
