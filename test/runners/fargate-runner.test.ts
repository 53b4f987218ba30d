import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { AppError } from '../../src/domain/errors.js';
import { createFargateRunner } from '../../src/domain/fixes/runners/fargate/fargate-runner.js';
import { createSilentLogger } from '../../src/lib/logger.js';
import { createRunnerExchange } from '../../src/domain/fixes/runner-exchange.js';
import { startFakeFargate, type FakeFargate } from '../fakes/fargate-server.js';
import { createTestRuntime } from '../helpers/test-runtime.js';
import { output, runScript } from './run-helpers.js';

let fake: FakeFargate;

beforeAll(async () => {
  fake = await startFakeFargate({
    region: 'eu-west-1',
    cluster: 'agents',
    taskDefinitions: [
      { family: 'soulcaster-agent', containerName: 'agent', logGroup: '/ecs/soulcaster', streamPrefix: 'sc' },
    ],
    credentials: { accessKeyId: 'AKIATESTTESTTEST0001', secretAccessKey: 'test-secret-key' },
  });
});
afterAll(async () => {
  await fake.close();
});

function fargateEnv(): Record<string, string> {
  return {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIATESTTESTTEST0001',
    AWS_SECRET_ACCESS_KEY: 'test-secret-key',
    FARGATE_CLUSTER: 'agents',
    FARGATE_TASK_DEFINITION: 'soulcaster-agent',
    FARGATE_CONTAINER_NAME: 'agent',
    FARGATE_SUBNETS: 'subnet-0a1, subnet-0b2',
    FARGATE_SECURITY_GROUPS: 'sg-0c3',
    FARGATE_LOG_GROUP: '/ecs/soulcaster',
    FARGATE_LOG_STREAM_PREFIX: 'sc',
    FARGATE_POLL_INTERVAL_MS: '25',
    ECS_ENDPOINT: fake.url,
    LOGS_ENDPOINT: fake.url,
  };
}

const runner = (env: Record<string, string> = {}) =>
  createFargateRunner({
    config: parseConfig({ ...fargateEnv(), ...env }).runners.fargate,
    logger: createSilentLogger(),
  });

describe('Fargate runner (AWS SDK against a local ECS + CloudWatch Logs)', () => {
  it('runs the script as a Fargate task and streams stdout and stderr lines in order', async () => {
    const before = fake.runTasks.length;
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
    expect(lines[0]).toEqual({
      stream: 'system',
      line: expect.stringMatching(/^fargate task [0-9a-f]{32} /),
    });
    const input = fake.runTasks[before]!;
    expect(input).toMatchObject({
      cluster: 'agents',
      taskDefinition: 'soulcaster-agent',
      launchType: 'FARGATE',
      count: 1,
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0a1', 'subnet-0b2'],
          securityGroups: ['sg-0c3'],
          assignPublicIp: 'DISABLED',
        },
      },
      overrides: { containerOverrides: [{ name: 'agent', command: ['bash', '-c', expect.any(String)] }] },
    });
    expect(fake.running()).toEqual([]);
  });

  it('starts the script in an empty working directory', async () => {
    const { outcome, lines } = await runScript(
      runner(),
      'ls -A | wc -l\ntest -z "${SOULCASTER_JOB_SCRIPT:-}" && echo clean',
    );
    expect(outcome.exitCode).toBe(0);
    expect(output(lines).map((l) => l.line.trim())).toEqual(['0', 'clean']);
  });

  it("fetches the job's files from the server and hands its result back there, each once", async () => {
    const rt = await createTestRuntime();
    try {
      await rt.app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(rt.app.server.address() as AddressInfo).port}`;
      const exchanged = createFargateRunner({
        config: { ...parseConfig(fargateEnv()).runners.fargate, workspaceUrl: base },
        logger: createSilentLogger(),
        exchange: createRunnerExchange({ db: rt.db.pool, clock: rt.services.clock }),
      });
      const bytes = Buffer.from([0, 1, 2, 255, 254, 10]);
      const before = fake.runTasks.length;
      const { outcome, lines } = await runScript(
        exchanged,
        'cat input.bin input.bin > result.bin; echo "exchange in env: ${SOULCASTER_EXCHANGE_URL:-no}"',
        { files: { 'input.bin': bytes }, collect: 'result.bin' },
      );
      expect(outcome.exitCode).toBe(0);
      expect(outcome.collected).toEqual(Buffer.concat([bytes, bytes]));
      expect(output(lines)).toEqual([{ stream: 'stdout', line: 'exchange in env: no' }]);
      // the capability URL went to the task as an override and is dead now
      const env = (
        fake.runTasks[before] as {
          overrides: { containerOverrides: { environment: { name: string; value: string }[] }[] };
        }
      ).overrides.containerOverrides[0]!.environment;
      const url = env.find((e) => e.name === 'SOULCASTER_EXCHANGE_URL')!.value;
      expect(url).toMatch(new RegExp(`^${base}/runner/exchange/[A-Za-z0-9_-]{43}$`));
      expect((await fetch(`${url}/files/input.bin`)).status).toBe(404);
      const again = await fetch(`${url}/result`, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: 'forged',
      });
      expect(again.status).toBe(404);
      expect(JSON.stringify(env)).not.toContain(bytes.toString('base64'));
      const { rows } = await rt.db.pool.query('select 1 from runner_exchange_files');
      expect(rows).toEqual([]);
    } finally {
      await rt.close();
    }
  });

  it('serves each file once and takes one result, only with the capability', async () => {
    const rt = await createTestRuntime();
    try {
      const exchange = createRunnerExchange({ db: rt.db.pool, clock: rt.services.clock });
      const session = await exchange.open({
        baseUrl: 'http://server.example',
        files: { 'a.tgz': Buffer.from('checkout') },
        ttlMs: 60_000,
      });
      const path = new URL(session.url).pathname;
      const get = (p: string) => rt.app.inject({ method: 'GET', url: p });
      const put = (p: string, body: string) =>
        rt.app.inject({
          method: 'PUT',
          url: p,
          headers: { 'content-type': 'application/octet-stream' },
          payload: Buffer.from(body),
        });
      const other = `/runner/exchange/${'A'.repeat(43)}`;
      expect((await get(`${other}/files/a.tgz`)).statusCode).toBe(404);
      expect((await put(`${other}/result`, 'x')).statusCode).toBe(404);
      const first = await get(`${path}/files/a.tgz`);
      expect(first.statusCode).toBe(200);
      expect(first.rawPayload.toString()).toBe('checkout');
      expect((await get(`${path}/files/a.tgz`)).json()).toEqual({
        error: { code: 'not_found', message: expect.any(String) },
      });
      expect((await put(`${path}/result`, 'the result')).statusCode).toBe(204);
      expect((await put(`${path}/result`, 'forged')).statusCode).toBe(404);
      expect((await session.result())?.toString()).toBe('the result');
      await session.close();
      expect(await session.result()).toBeUndefined();
    } finally {
      await rt.close();
    }
  });

  it('propagates the exit code', async () => {
    const { outcome, lines } = await runScript(runner(), 'echo failing >&2\nexit 7');
    expect(outcome).toEqual({ exitCode: 7, timedOut: false, cancelled: false });
    expect(output(lines)).toEqual([{ stream: 'stderr', line: 'failing' }]);
  });

  it('makes secrets usable by the script and redacts them from every reported line', async () => {
    const secret = 'ghs_S3cr3tT0kenValue42';
    const { outcome, lines } = await runScript(
      runner(),
      [
        'echo "usable ${#GITHUB_TOKEN} ${GITHUB_TOKEN:0:4}"',
        'echo "token=$GITHUB_TOKEN"',
        'sleep 0.1',
        'echo "$GITHUB_TOKEN" >&2',
        'sleep 0.1',
        'echo "https://x-access-token:${GITHUB_TOKEN}@github.com/o/r.git"',
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
    // the documented channel: an environment override, never the command line
    const override = (
      fake.runTasks.at(-1)!.overrides as {
        containerOverrides: { command: string[]; environment: { name: string; value: string }[] }[];
      }
    ).containerOverrides[0]!;
    expect(override.environment).toContainEqual({ name: 'GITHUB_TOKEN', value: secret });
    expect(override.command.join(' ')).not.toContain(secret);
  });

  it('stops the task when the time limit passes and reports timedOut', async () => {
    const stops = fake.stopTasks.length;
    const { outcome, lines, ms } = await runScript(runner(), 'echo started\nsleep 30\necho never', {
      timeoutMs: 3000,
    });
    expect(outcome).toEqual({ exitCode: null, timedOut: true, cancelled: false });
    expect(ms).toBeLessThan(10_000);
    expect(output(lines)).toEqual([{ stream: 'stdout', line: 'started' }]);
    expect(fake.stopTasks.slice(stops)).toEqual([
      { task: expect.stringContaining(':task/agents/'), reason: 'Soulcaster: job timed out' },
    ]);
    await expect.poll(() => fake.running(), { timeout: 5000 }).toEqual([]);
  });

  it('stops the task when the job is cancelled and reports cancelled', async () => {
    const stops = fake.stopTasks.length;
    const controller = new AbortController();
    const { outcome, lines, ms } = await runScript(runner(), 'echo started\nsleep 30\necho never', {
      signal: controller.signal,
      onLine: (l) => (l.line === 'started' ? controller.abort() : undefined),
    });
    expect(outcome).toEqual({ exitCode: null, timedOut: false, cancelled: true });
    expect(ms).toBeLessThan(10_000);
    expect(output(lines)).toEqual([{ stream: 'stdout', line: 'started' }]);
    expect(fake.stopTasks.slice(stops)).toEqual([
      { task: expect.any(String), reason: 'Soulcaster: job cancelled' },
    ]);
    await expect.poll(() => fake.running(), { timeout: 5000 }).toEqual([]);
  });

  it('reports a task that never started with its stopped reason and no exit code', async () => {
    const reason = 'CannotPullContainerError: pull image manifest has been retried 5 time(s)';
    fake.failNextStart(reason);
    const { outcome, lines } = await runScript(runner(), 'echo hi');
    expect(outcome).toEqual({ exitCode: null, timedOut: false, cancelled: false });
    expect(output(lines)).toEqual([]);
    expect(lines.at(-1)).toEqual({ stream: 'system', line: expect.stringContaining(reason) });
  });

  it('rides out polls that fail beyond the SDK retries', async () => {
    // 4 failures: one DescribeTasks call fails all 3 SDK attempts, the next succeeds on its retry
    fake.failNext('DescribeTasks', 4);
    const { outcome, lines } = await runScript(runner(), 'sleep 0.3\necho done');
    expect(outcome).toEqual({ exitCode: 0, timedOut: false, cancelled: false });
    expect(output(lines)).toEqual([{ stream: 'stdout', line: 'done' }]);
  });

  it('gives up on a task it cannot watch, stopping it first', async () => {
    const stops = fake.stopTasks.length;
    fake.failNext('DescribeTasks', 1000);
    try {
      await expect(runScript(runner(), 'echo started\nsleep 30')).rejects.toMatchObject({
        code: 'upstream_failed',
        message: expect.stringContaining('ServerException'),
      });
    } finally {
      fake.failNext('DescribeTasks', 0);
    }
    expect(fake.stopTasks.slice(stops)).toEqual([
      { task: expect.any(String), reason: 'Soulcaster: runner lost track of the task' },
    ]);
    await expect.poll(() => fake.running(), { timeout: 5000 }).toEqual([]);
  });

  it('reports a cancel that came before the task existed without starting one', async () => {
    const calls = fake.calls.length;
    const controller = new AbortController();
    controller.abort();
    const { outcome } = await runScript(runner(), 'echo hi', { signal: controller.signal });
    expect(outcome).toEqual({ exitCode: null, timedOut: false, cancelled: true });
    expect(fake.calls.length).toBe(calls);
  });

  it('refuses to start without its settings, naming every missing one, before any request', () => {
    const calls = fake.calls.length;
    let error: unknown;
    try {
      createFargateRunner({
        config: parseConfig({ ...fargateEnv(), FARGATE_CLUSTER: '', FARGATE_SUBNETS: ' , ' }).runners.fargate,
        logger: createSilentLogger(),
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('FARGATE_CLUSTER, FARGATE_SUBNETS'),
    });
    expect(fake.calls.length).toBe(calls);
  });

  it('rejects a script too large for an ECS override before any request', async () => {
    const calls = fake.calls.length;
    const script = Array.from({ length: 3000 }, (_, i) => `echo ${Math.random().toString(36)}${i}`).join(
      '\n',
    );
    await expect(runScript(runner(), script)).rejects.toMatchObject({ code: 'payload_too_large' });
    expect(fake.calls.length).toBe(calls);
  });

  it('turns rejected credentials into an upstream error', async () => {
    await expect(runScript(runner({ AWS_SECRET_ACCESS_KEY: 'wrong' }), 'echo hi')).rejects.toMatchObject({
      code: 'upstream_failed',
      message: expect.stringContaining('InvalidSignatureException'),
    });
  });
});
