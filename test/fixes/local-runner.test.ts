import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LocalRunner } from '../../src/domain/fixes/runners/local/local-runner.js';
import type { LogStream, RunRequest } from '../../src/domain/fixes/runner.js';

const runner = new LocalRunner({
  path: '/usr/local/bin:/usr/bin:/bin',
  memoryMb: 4096,
  cpuSeconds: 60,
  fileSizeMb: 1,
  killGraceMs: 500,
});

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

/** running, not a zombie (a killed orphan stays a zombie until this container's init reaps it) */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

describe('local runner', () => {
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

  it('kills the whole process group at the time limit', async () => {
    const r = await run('sleep 60 & echo "child=$!"; sleep 60', { timeoutMs: 800 });
    expect(r.outcome.timedOut).toBe(true);
    expect(r.outcome.exitCode).not.toBe(0);
    expect(r.ms).toBeLessThan(5000);
    const pid = Number(r.text('stdout')[0]!.split('=')[1]);
    await new Promise((res) => setTimeout(res, 200));
    expect(alive(pid)).toBe(false);
    expect(r.text('system').join(' ')).toContain('time limit');
  });

  it('stops on cancel, including children that ignore SIGTERM', async () => {
    const ac = new AbortController();
    const pending = run('bash -c "trap \'\' TERM; sleep 60" & echo "child=$!"; wait', {
      signal: ac.signal,
      onLine: (_s, line) => {
        if (line.startsWith('child=')) setTimeout(() => ac.abort(), 100);
      },
    });
    const r = await pending;
    expect(r.outcome.cancelled).toBe(true);
    expect(r.ms).toBeLessThan(5000);
    const pid = Number(r.text('stdout')[0]!.split('=')[1]);
    await new Promise((res) => setTimeout(res, 200));
    expect(alive(pid)).toBe(false);
  });

  it('ends when the script exits, even if a process it left behind (setsid) still holds stdout; that one is killed', async () => {
    // the agent's classic leftover: a new session, out of the process group, with the job's stdout
    const r = await run('setsid sleep 3600 & echo "orphan=$!"; echo done');
    expect(r.outcome).toMatchObject({ exitCode: 0, timedOut: false, cancelled: false });
    expect(r.ms).toBeLessThan(5000);
    expect(r.text('stdout')).toContain('done');
    const pid = Number(r.text('stdout')[0]!.split('=')[1]);
    await new Promise((res) => setTimeout(res, 200));
    expect(alive(pid)).toBe(false);
    expect(r.text('system').join(' ')).toContain('killed 1 process the job left running');
  });

  it('stops at the time limit even when an orphan in another session holds the pipes', async () => {
    const r = await run('setsid bash -c "sleep 3600" & sleep 60', { timeoutMs: 800 });
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
