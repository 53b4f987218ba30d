import { createServer } from 'node:net';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFix, type Fix } from '../../src/domain/fixes/fix.js';
import type { FixDeps } from '../../src/domain/fixes/fix-deps.js';
import { startFix } from '../../src/domain/fixes/start-fix.js';
import { editPlan } from '../../src/domain/plans/edit-plan.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { startFakeE2b, type FakeE2b } from '../fakes/e2b-server.js';
import { startFakeFargate, type FakeFargate } from '../fakes/fargate-server.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github-server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { createUser, fixCouponCommand, fixLoopEnv, shopFiles, tempDataDir } from './fix-fixtures.js';

/**
 * The same fix script through the cloud runners, against local servers that speak the E2B and AWS APIs
 * and really run the script with bash: the job pushes a real commit and opens the PR either way.
 */
const TOKEN = 'ghp_runners0123456789abcdefghijklmno';
let gh: FakeGithub;
let e2b: FakeE2b;
let fargate: FakeFargate;
let rt: TestRuntime;
let deps: FixDeps;
let projectId: string;
let userId: string;
let port: number;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: free } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return free;
}

beforeAll(async () => {
  gh = await startFakeGithub({ token: TOKEN });
  await gh.createRepo('acme/shop', shopFiles);
  e2b = await startFakeE2b({ apiKey: 'e2b_fix', templates: ['soulcaster-agent'] });
  fargate = await startFakeFargate({
    region: 'eu-west-1',
    cluster: 'agents',
    taskDefinitions: [
      { family: 'soulcaster-agent', containerName: 'agent', logGroup: '/ecs/soulcaster', streamPrefix: 'sc' },
    ],
    credentials: { accessKeyId: 'AKIAFIXFIXFIXFIX0001', secretAccessKey: 'fix-secret' },
  });
  port = await freePort();
  const dir = await tempDataDir();
  const agentFile = path.join(dir, 'agent.sh');
  await writeFile(agentFile, fixCouponCommand);
  rt = await createTestRuntime({
    workers: true,
    env: {
      ...fixLoopEnv({ dataDir: dir, githubUrl: gh.url, agentFile }),
      E2B_API_KEY: 'e2b_fix',
      E2B_API_URL: e2b.apiUrl,
      E2B_SANDBOX_URL: e2b.sandboxUrl,
      E2B_TEMPLATE: 'soulcaster-agent',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIAFIXFIXFIXFIX0001',
      AWS_SECRET_ACCESS_KEY: 'fix-secret',
      FARGATE_CLUSTER: 'agents',
      FARGATE_TASK_DEFINITION: 'soulcaster-agent',
      FARGATE_CONTAINER_NAME: 'agent',
      FARGATE_SUBNETS: 'subnet-0a1',
      FARGATE_SECURITY_GROUPS: 'sg-0c3',
      FARGATE_LOG_GROUP: '/ecs/soulcaster',
      FARGATE_LOG_STREAM_PREFIX: 'sc',
      FARGATE_POLL_INTERVAL_MS: '50',
      FARGATE_WORKSPACE_URL: `http://127.0.0.1:${port}`,
      ECS_ENDPOINT: fargate.url,
      LOGS_ENDPOINT: fargate.url,
    },
  });
  // the Fargate task fetches its checkout from the server, so this app really listens
  await rt.app.listen({ port, host: '127.0.0.1' });
  deps = rt.services.fixes;
  userId = (await createUser(rt, TOKEN)).id;
  projectId = (await createProject(rt.db.pool, { name: 'runners', repo: 'acme/shop' })).id;
});
afterAll(async () => {
  await rt.close();
  await gh.close();
  await e2b.close();
  await fargate.close();
});

async function fixWith(runner: 'e2b' | 'fargate'): Promise<Fix> {
  const { rows } = await rt.db.pool.query<{ id: string }>(
    `insert into clusters (project_id, title, repo) values ($1, $2, 'acme/shop') returning id`,
    [projectId, `Coupon crash via ${runner}`],
  );
  const clusterId = rows[0]!.id;
  await editPlan(
    rt.db.pool,
    projectId,
    clusterId,
    {
      summary: 'guard the coupon',
      files: [{ path: 'src/checkout/cart.ts', reason: 'crash site' }],
      tasks: [],
    },
    userId,
  );
  const job = await startFix(deps, { projectId, clusterId, userId, runner });
  const until = Date.now() + 60_000;
  for (;;) {
    const j = await getFix(rt.db.pool, projectId, job.id);
    if (['success', 'failed', 'cancelled'].includes(j.status)) return j;
    if (Date.now() > until) throw new Error(`job still ${j.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the fix loop on the cloud runners', () => {
  it('E2B: the checkout goes into a sandbox that never gets the token, the result comes back, the sandbox is killed', async () => {
    const job = await fixWith('e2b');
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ status: 'success', runner: 'e2b', prState: 'open' });
    expect(await gh.showFile('acme/shop', job.branch!, 'src/checkout/cart.ts')).toContain(
      'coupon?.discount ?? 0',
    );
    expect(JSON.stringify(e2b.starts.at(-1)!.envs)).not.toContain(TOKEN);
    expect(e2b.files.map((f) => f.path)).toContainEqual(expect.stringMatching(/\/work\/workspace\.tar\.gz$/));
    expect(e2b.files.some((f) => f.content.includes(TOKEN))).toBe(false);
    expect(e2b.reads.at(-1)!.path).toMatch(/\/work\/result\.bundle$/);
    expect(e2b.live()).toEqual([]);
  });

  it('Fargate: the task fetches the checkout from the server, its logs come back through CloudWatch, the PR is opened', async () => {
    const job = await fixWith('fargate');
    expect(job.error).toBeNull();
    expect(job).toMatchObject({ status: 'success', runner: 'fargate', prState: 'open' });
    expect(await gh.showFile('acme/shop', job.branch!, 'src/checkout/cart.ts')).toContain(
      'coupon?.discount ?? 0',
    );
    const { rows } = await rt.db.pool.query<{ line: string }>(
      'select line from job_log_lines where agent_job_id = $1 order by seq',
      [job.id],
    );
    const text = rows.map((r) => r.line).join('\n');
    expect(text).toContain('▶ push');
    expect(text).not.toContain(TOKEN);
    expect(JSON.stringify(fargate.runTasks.at(-1))).not.toContain(TOKEN);
  });
});
