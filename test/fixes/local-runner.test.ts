import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LocalSandboxMode } from '../../src/config/sections/fixes.js';
import { LocalRunner } from '../../src/domain/fixes/runners/local/local-runner.js';
import type { LogStream, RunRequest } from '../../src/domain/fixes/runner.js';
import { alive, sleepFor } from '../helpers/processes.js';

const localRunner = (sandbox: LocalSandboxMode) =>
  new LocalRunner({
    path: '/usr/local/bin:/usr/bin:/bin',
    memoryMb: 4096,
    cpuSeconds: 60,
    fileSizeMb: 1,
    killGraceMs: 500,
    sandbox,
  });
// bubblewrap is required here (CI installs it): a host where it cannot work fails these tests loudly
let runner = localRunner('bwrap');

async function run(script: string, over: Partial<RunRequest> = {}) {
  const lines: { stream: LogStream; line: string }[] = [];
  const started = Date.now();
  const outcome = await runner.run({
    jobId: '00000000-0000-4000-8000-000000000000',
    script,
    env: {},
    secretEnv: {},
    timeoutMs: 20_000,
    signal: new AbortController().signal,
    ...over,
    onLine: (stream, line) => {
      lines.push({ stream, line });
      over.onLine?.(stream, line);
    },
  });
  return {
    outcome,
    lines,
    ms: Date.now() - started,
    text: (s: LogStream) => lines.filter((l) => l.stream === s).map((l) => l.line),
  };
}

describe.each(['bwrap', 'none'] as const)('local runner (sandbox: %s)', (mode) => {
  beforeAll(() => {
    runner = localRunner(mode);
  });

  it('streams stdout and stderr lines in order and reports the exit code', async () => {
    const r = await run('echo one; echo two >&2; printf "three\\nfour"; exit 3');
    expect(r.outcome).toEqual({ exitCode: 3, timedOut: false, cancelled: false });
    expect(r.text('stdout')).toEqual(['one', 'three', 'four']);
    expect(r.text('stderr')).toEqual(['two']);
  });

  it('runs in an empty directory with its own HOME and only the environment it is given', async () => {
    process.env.SOULCASTER_LEAK_CHECK = 'server-only';
    const r = await run(
      'ls -A | wc -l; echo "home=$HOME"; echo "pwd=$PWD"; echo "leak=${SOULCASTER_LEAK_CHECK:-none}"; echo "given=$GIVEN"',
      {
        env: { GIVEN: 'yes' },
      },
    );
    delete process.env.SOULCASTER_LEAK_CHECK;
    const out = r.text('stdout');
    expect(out[0]!.trim()).toBe('0');
    expect(out[1]).toMatch(/^home=.*soulcaster-job-00000000-.*\/home$/);
    expect(out[2]).toMatch(/\/work$/);
    expect(out).toContain('leak=none');
    expect(out).toContain('given=yes');
  });

  it('redacts secret values from every line, whichever stream prints them', async () => {
    const r = await run('echo "token is $GH"; echo "again:$GH" >&2; echo "$GH" | base64', {
      secretEnv: { GH: 'ghs_supersecretvalue123', HEADER: 'Z2hzX3N1cGVyc2VjcmV0dmFsdWUxMjMK' },
    });
    const all = r.lines.map((l) => l.line).join('\n');
    expect(all).not.toContain('ghs_supersecretvalue123');
    expect(all).not.toContain('Z2hzX3N1cGVyc2VjcmV0dmFsdWUxMjMK');
    expect(r.text('stdout')[0]).toBe('token is [redacted]');
    expect(r.text('stderr')[0]).toBe('again:[redacted]');
  });

  it('kills the whole process tree at the time limit', async () => {
    const child = sleepFor();
    const r = await run(`${child} & echo "child started"; ${child}`, { timeoutMs: 800 });
    expect(r.outcome.timedOut).toBe(true);
    expect(r.outcome.exitCode).not.toBe(0);
    expect(r.ms).toBeLessThan(5000);
    expect(r.text('stdout')).toContain('child started');
    await new Promise((res) => setTimeout(res, 200));
    expect(alive(child)).toBe(false);
    expect(r.text('system').join(' ')).toContain('time limit');
  });

  it('stops on cancel, including children that ignore SIGTERM', async () => {
    const ac = new AbortController();
    const child = sleepFor();
    const pending = run(`bash -c "trap '' TERM; ${child}" & echo "child started"; wait`, {
      signal: ac.signal,
      onLine: (_s, line) => {
        if (line === 'child started') setTimeout(() => ac.abort(), 100);
      },
    });
    const r = await pending;
    expect(r.outcome.cancelled).toBe(true);
    expect(r.ms).toBeLessThan(5000);
    await new Promise((res) => setTimeout(res, 200));
    expect(alive(child)).toBe(false);
  });

  it('places the files it is given and brings back the one it is asked for, never through a symlink', async () => {
    const r = await run('cat input.txt; tr a-z A-Z < input.txt > result.txt', {
      files: { 'input.txt': Buffer.from('hello') },
      collect: 'result.txt',
    });
    expect(r.text('stdout')).toEqual(['hello']);
    expect(r.outcome.collected?.toString()).toBe('HELLO');
    const sneaky = await run('ln -s /etc/passwd result.txt', { collect: 'result.txt' });
    expect(sneaky.outcome.exitCode).toBe(0);
    expect(sneaky.outcome.collected).toBeUndefined();
    const failed = await run('echo partial > result.txt; exit 1', { collect: 'result.txt' });
    expect(failed.outcome.collected).toBeUndefined();
  });

  it('runs as an unprivileged user when the server runs as root', async () => {
    const r = await run('id -u');
    expect(r.text('stdout')).toEqual([process.getuid?.() === 0 ? '65534' : String(process.getuid?.())]);
  });

  it('ends when the script exits, even if a process it left behind (setsid) still holds stdout; that one is killed', async () => {
    // the agent's classic leftover: a new session, out of the process group, with the job's stdout
    const orphan = sleepFor();
    const r = await run(`setsid ${orphan} & echo done`);
    expect(r.outcome).toMatchObject({ exitCode: 0, timedOut: false, cancelled: false });
    expect(r.ms).toBeLessThan(5000);
    expect(r.text('stdout')).toContain('done');
    await new Promise((res) => setTimeout(res, 200));
    expect(alive(orphan)).toBe(false);
  });

  it('stops at the time limit even when an orphan in another session holds the pipes', async () => {
    const r = await run(`setsid bash -c "${sleepFor()}" & sleep 60`, { timeoutMs: 800 });
    expect(r.outcome.timedOut).toBe(true);
    expect(r.ms).toBeLessThan(6000);
  });

  it('enforces resource limits the job cannot raise', async () => {
    const r = await run(
      'ulimit -v; ulimit -t; ulimit -f; (ulimit -v unlimited && echo raised) 2>/dev/null || echo "cannot raise"; head -c 2000000 /dev/zero > big || echo "write stopped"; stat -c %s big',
    );
    const out = r.text('stdout');
    expect(out.slice(0, 3)).toEqual([String(4096 * 1024), '60', '1024']);
    expect(out).toContain('cannot raise');
    expect(out).toContain('write stopped');
    expect(Number(out.at(-1))).toBeLessThanOrEqual(1024 * 1024);
  });
});

describe('local runner in bubblewrap', () => {
  const boxed = localRunner('bwrap');
  it('shows the job only its own processes: the server is not in its /proc', async () => {
    const lines: string[] = [];
    await boxed.run({
      jobId: '00000000-0000-4000-8000-000000000002',
      script: 'for f in /proc/[0-9]*/cmdline; do tr "\\0" " " < "$f"; echo; done',
      env: {},
      secretEnv: {},
      timeoutMs: 20_000,
      signal: new AbortController().signal,
      onLine: (_s, l) => lines.push(l),
    });
    const seen = lines.join('\n');
    expect(seen).toContain('bash');
    expect(seen).not.toContain('vitest');
    expect(seen).not.toContain(process.argv[1] ?? 'node');
    expect(lines.filter((l) => l.trim() !== '').length).toBeLessThan(6);
  });

  it('hides the host beyond the system directories, and keeps those read-only', async () => {
    const outside = await mkdtemp(path.join(tmpdir(), 'soulcaster-outside-'));
    await writeFile(path.join(outside, 'secret.key'), 'host secret');
    const lines: string[] = [];
    const outcome = await boxed.run({
      jobId: '00000000-0000-4000-8000-000000000003',
      script: [
        `cat ${outside}/secret.key 2>/dev/null || echo "no host file"`,
        'touch /usr/x 2>/dev/null || echo "usr read-only"',
        'ls /home /root 2>/dev/null | wc -l',
        'echo ok > here.txt && cat here.txt',
      ].join('\n'),
      env: {},
      secretEnv: {},
      timeoutMs: 20_000,
      signal: new AbortController().signal,
      onLine: (_s, l) => lines.push(l),
    });
    expect(outcome.exitCode).toBe(0);
    expect(lines).toEqual(['no host file', 'usr read-only', '0', 'ok']);
  });

  it('ends a detached process the job left behind when the job ends (its pid namespace dies)', async () => {
    const daemon = sleepFor();
    const outcome = await boxed.run({
      jobId: '00000000-0000-4000-8000-000000000005',
      script: `setsid nohup ${daemon} >/dev/null 2>&1 < /dev/null & disown; echo started`,
      env: {},
      secretEnv: {},
      timeoutMs: 20_000,
      signal: new AbortController().signal,
      onLine: () => undefined,
    });
    expect(outcome.exitCode).toBe(0);
    await new Promise((res) => setTimeout(res, 200));
    expect(alive(daemon)).toBe(false);
  });

  it('has no network when it is turned off', async () => {
    const offline = new LocalRunner({
      path: '/usr/local/bin:/usr/bin:/bin',
      memoryMb: 0,
      cpuSeconds: 60,
      fileSizeMb: 10,
      sandbox: 'bwrap',
      network: false,
    });
    const lines: string[] = [];
    await offline.run({
      jobId: '00000000-0000-4000-8000-000000000004',
      script:
        'ls /sys/class/net 2>/dev/null | tr "\\n" " "; cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d " " | tr "\\n" " "',
      env: {},
      secretEnv: {},
      timeoutMs: 20_000,
      signal: new AbortController().signal,
      onLine: (_s, l) => lines.push(l),
    });
    expect(lines.join(' ').trim()).toBe('lo');
  });
});
