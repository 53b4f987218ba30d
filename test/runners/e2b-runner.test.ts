import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { AppError } from '../../src/domain/errors.js';
import { createE2bRunner } from '../../src/domain/fixes/runners/e2b/e2b-runner.js';
import { createSilentLogger } from '../../src/lib/logger.js';
import { startFakeE2b, type FakeE2b } from '../fakes/e2b-server.js';
import { output, runScript } from './run-helpers.js';

const API_KEY = 'e2b_test_0123456789abcdef';
let fake: FakeE2b;

beforeAll(async () => {
  fake = await startFakeE2b({ apiKey: API_KEY, templates: ['base', 'soulcaster-agent'] });
});
afterAll(async () => {
  await fake.close();
});

function e2bConfig(env: Record<string, string> = {}) {
  return parseConfig({
    E2B_API_KEY: API_KEY,
    E2B_API_URL: fake.apiUrl,
    E2B_SANDBOX_URL: fake.sandboxUrl,
    E2B_TEMPLATE: 'soulcaster-agent',
    ...env,
  }).runners.e2b;
}

const runner = () => createE2bRunner({ config: e2bConfig(), logger: createSilentLogger() });

describe('E2B runner (official SDK against a local E2B API + envd)', () => {
  it('runs the script in a sandbox from the configured template and streams stdout and stderr lines in order', async () => {
    const before = fake.created.length;
    const { outcome, lines } = await runScript(
      runner(),
      ['echo one', 'sleep 0.1', 'echo two >&2', 'sleep 0.1', 'echo "three $PLAIN"', 'printf tail'].join('\n'),
      { env: { PLAIN: 'value' } },
    );
    expect(outcome).toEqual({ exitCode: 0, timedOut: false, cancelled: false });
    expect(output(lines)).toEqual([
      { stream: 'stdout', line: 'one' },
      { stream: 'stderr', line: 'two' },
      { stream: 'stdout', line: 'three value' },
      { stream: 'stdout', line: 'tail' },
    ]);
    const created = fake.created.slice(before);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      templateID: 'soulcaster-agent',
      // the job's limit (30 s here) plus a minute of margin, in seconds as the API takes it
      timeout: 90,
      metadata: { soulcasterJobId: 'job-1' },
    });
    expect(lines[0]).toEqual({ stream: 'system', line: expect.stringContaining(created[0]!.sandboxId) });
    expect(fake.killed).toContain(created[0]!.sandboxId);
    expect(fake.live()).toEqual([]);
  });

  it('starts the script in an empty working directory', async () => {
    const { outcome, lines } = await runScript(runner(), 'pwd\nls -A | wc -l', { jobId: 'job/../x y' });
    expect(outcome.exitCode).toBe(0);
    expect(output(lines).map((l) => l.line.trim())).toEqual([
      expect.stringMatching(/\/soulcaster-job-job____x_y\/work$/),
      '0',
    ]);
  });

  it('propagates the exit code', async () => {
    const { outcome, lines } = await runScript(runner(), 'echo failing >&2\nexit 7');
    expect(outcome).toEqual({ exitCode: 7, timedOut: false, cancelled: false });
    expect(output(lines)).toEqual([{ stream: 'stderr', line: 'failing' }]);
  });

  it('passes secrets only as command envs and redacts them from every reported line', async () => {
    const secret = 'ghs_S3cr3tT0kenValue42';
    const starts = fake.starts.length;
    const files = fake.files.length;
    const { outcome, lines } = await runScript(
      runner(),
      [
        'echo "usable ${#GITHUB_TOKEN} ${GITHUB_TOKEN:0:4}"',
        'echo "token=$GITHUB_TOKEN"',
        'echo "$GITHUB_TOKEN" >&2',
        'sleep 0.1',
        'git_url="https://x-access-token:${GITHUB_TOKEN}@github.com/o/r.git"; echo "$git_url"',
      ].join('\n'),
      { secretEnv: { GITHUB_TOKEN: secret } },
    );
    expect(outcome.exitCode).toBe(0);
    expect(output(lines)).toEqual([
      { stream: 'stdout', line: 'usable 22 ghs_' },
      { stream: 'stdout', line: 'token=[redacted]' },
      { stream: 'stderr', line: '[redacted]' },
      { stream: 'stdout', line: 'https://x-access-token:[redacted]@github.com/o/r.git' },
    ]);
    expect(JSON.stringify(lines)).not.toContain(secret);
    // the secret went through the command's envs and never into an uploaded file
    expect(fake.starts.slice(starts).map((s) => s.envs.GITHUB_TOKEN)).toEqual([secret]);
    const uploaded = fake.files.slice(files);
    expect(uploaded).toHaveLength(1);
    expect(uploaded[0]!.content).not.toContain(secret);
  });

  it("uploads the job's files and downloads the result file after a successful run", async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 254, 10]);
    const reads = fake.reads.length;
    const { outcome } = await runScript(runner(), 'cat input.bin input.bin > result.bin', {
      files: { 'input.bin': bytes },
      collect: 'result.bin',
    });
    expect(outcome.exitCode).toBe(0);
    expect(outcome.collected).toEqual(Buffer.concat([bytes, bytes]));
    expect(fake.reads.slice(reads).map((r) => r.path)).toEqual([
      expect.stringMatching(/\/work\/result\.bin$/),
    ]);
    // no result file, or a failed run: nothing comes back
    expect((await runScript(runner(), 'true', { collect: 'result.bin' })).outcome.collected).toBeUndefined();
    const failed = await runScript(runner(), 'echo x > result.bin; exit 2', { collect: 'result.bin' });
    expect(failed.outcome).toEqual({ exitCode: 2, timedOut: false, cancelled: false });
    expect(fake.live()).toEqual([]);
  });

  it('reattaches to the running command when its output stream breaks', async () => {
    const connects = fake.connects.length;
    const { outcome, lines } = await runScript(runner(), 'echo before\nsleep 1.5\necho after\nexit 3', {
      onLine: (l) => (l.line === 'before' ? fake.dropStreams() : undefined),
    });
    expect(outcome).toEqual({ exitCode: 3, timedOut: false, cancelled: false });
    expect(output(lines)).toEqual([
      { stream: 'stdout', line: 'before' },
      { stream: 'stdout', line: 'after' },
    ]);
    expect(lines).toContainEqual({
      stream: 'system',
      line: expect.stringMatching(/reattached \(attempt 1\)/),
    });
    expect(fake.connects.length).toBe(connects + 1);
    expect(fake.live()).toEqual([]);
  });

  it('kills the sandbox when the time limit passes and reports timedOut', async () => {
    const before = fake.created.length;
    const { outcome, lines, ms } = await runScript(runner(), 'echo started\nsleep 30\necho never', {
      timeoutMs: 3000,
    });
    expect(outcome).toEqual({ exitCode: null, timedOut: true, cancelled: false });
    expect(ms).toBeLessThan(10_000);
    expect(output(lines)).toEqual([{ stream: 'stdout', line: 'started' }]);
    expect(fake.killed).toContain(fake.created[before]!.sandboxId);
    expect(fake.live()).toEqual([]);
  });

  it('kills the sandbox when the job is cancelled and reports cancelled', async () => {
    const before = fake.created.length;
    const controller = new AbortController();
    const { outcome, lines, ms } = await runScript(runner(), 'echo started\nsleep 30\necho never', {
      signal: controller.signal,
      onLine: (l) => (l.line === 'started' ? controller.abort() : undefined),
    });
    expect(outcome).toEqual({ exitCode: null, timedOut: false, cancelled: true });
    expect(ms).toBeLessThan(10_000);
    expect(output(lines)).toEqual([{ stream: 'stdout', line: 'started' }]);
    expect(fake.killed).toContain(fake.created[before]!.sandboxId);
    expect(fake.live()).toEqual([]);
  });

  it('reports a cancel that came before the sandbox existed without creating one', async () => {
    const before = fake.created.length;
    const controller = new AbortController();
    controller.abort();
    const { outcome } = await runScript(runner(), 'echo hi', { signal: controller.signal });
    expect(outcome).toEqual({ exitCode: null, timedOut: false, cancelled: true });
    expect(fake.created.length).toBe(before);
  });

  it('refuses to start without an API key, before any request', () => {
    const before = fake.created.length;
    let error: unknown;
    try {
      createE2bRunner({ config: e2bConfig({ E2B_API_KEY: '' }), logger: createSilentLogger() });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'unavailable', message: expect.stringContaining('E2B_API_KEY') });
    expect(fake.created.length).toBe(before);
  });

  it('turns a rejected API key into an upstream error', async () => {
    const bad = createE2bRunner({
      config: e2bConfig({ E2B_API_KEY: 'e2b_wrong' }),
      logger: createSilentLogger(),
    });
    await expect(runScript(bad, 'echo hi')).rejects.toMatchObject({
      code: 'upstream_failed',
      message: expect.stringMatching(/Invalid API key/),
    });
  });
});
