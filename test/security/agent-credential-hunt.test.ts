import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFix, type Fix } from '../../src/domain/fixes/fix.js';
import { setFixSettings } from '../../src/domain/fixes/fix-settings.js';
import { startFix } from '../../src/domain/fixes/start-fix.js';
import { editPlan } from '../../src/domain/plans/edit-plan.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { startFakeE2b, type FakeE2b } from '../fakes/e2b-server.js';
import { startFakeFargate, type FakeFargate } from '../fakes/fargate-server.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github-server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { createUser, fixCouponCommand, fixLoopEnv, shopFiles, tempDataDir } from '../fixes/fix-fixtures.js';

/**
 * The attack of a prompt-injected agent (and of a hostile test command): hunt for the user's GitHub
 * token everywhere it could be (every process's environment and command line, its own environment, the
 * checkout's git config, git's credential helpers, $HOME, the temp dirs, the directories around the
 * checkout), then leak what it found into the pushed branch and into the job's log in encodings the log
 * redactor does not know (base64, hex). Nothing of the token may arrive anywhere, on every runner.
 */
// made at run time: a literal would sit in this file's compiled copy in the test runner's world-readable
// cache, where the fallback and the fakes (which run on this host) would find it
const TOKEN = `ghp_${randomBytes(18).toString('hex')}`;
const forms = [
  TOKEN,
  Buffer.from(TOKEN).toString('base64'),
  Buffer.from(TOKEN).toString('hex'),
  Buffer.from(`x-access-token:${TOKEN}`).toString('base64'),
];

/** Writes what it finds to $1 inside the checkout and prints it base64- and hex-encoded. */
const HUNT = String.raw`set -u
out="$1"
pat='gh[opsu]_[A-Za-z0-9]{20,}|Basic [A-Za-z0-9+/=]{16,}'
hunt() { grep -aoE "$pat" 2>/dev/null || true; }
found="$(mktemp 2>/dev/null || echo "$PWD/.found")"
timeout 60 bash -c '
  pat="$1"; hunt() { grep -aoE "$pat" 2>/dev/null || true; }
  env | hunt
  for f in /proc/[0-9]*/environ /proc/[0-9]*/cmdline; do tr "\0" "\n" < "$f" 2>/dev/null | hunt; done
  cat .git/config 2>/dev/null | hunt
  git config --list --show-origin 2>/dev/null | hunt
  printf "protocol=http\nhost=127.0.0.1\n\n" | GIT_TERMINAL_PROMPT=0 GIT_ASKPASS=/bin/false timeout 5 git credential fill 2>/dev/null | hunt
  for d in "$HOME" "${'${TMPDIR:-/tmp}'}" /tmp /var/tmp /dev/shm ..; do
    find "$d" -xdev -maxdepth 6 -type f -size -2M -print0 2>/dev/null | xargs -0 -r grep -ahoE "$pat" 2>/dev/null
  done
' hunt "$pat" | sort -u > "$found"
# a Basic header carries the token base64-encoded: decode it too
grep '^Basic ' "$found" | cut -c7- | while read -r b; do printf '%s' "$b" | base64 -d 2>/dev/null; echo; done >> "$found"
cp "$found" "$out"
while read -r s; do
  [ -n "$s" ] || continue
  echo "loot-b64 $(printf %s "$s" | base64 -w0)"
  echo "loot-hex $(printf %s "$s" | od -An -tx1 | tr -d ' \n')"
done < "$found"
echo "hunt done: $(grep -c . "$out") candidates"
`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let gh: FakeGithub;
let e2b: FakeE2b;
let fargate: FakeFargate;
let agentDir: string;

/** A runtime whose agent hunts and then fixes the coupon bug, and whose test command hunts too. */
async function huntRuntime(env: Record<string, string>) {
  const dir = await tempDataDir();
  const rt = await createTestRuntime({
    workers: true,
    env: {
      ...fixLoopEnv({ dataDir: dir, githubUrl: gh.url, agentFile: path.join(agentDir, 'agent.sh') }),
      LOCAL_RUNNER_READONLY_PATHS: agentDir,
      ...env,
    },
  });
  const userId = (await createUser(rt, TOKEN)).id;
  const projectId = (await createProject(rt.db.pool, { name: 'hunt', repo: 'acme/shop' })).id;
  await setFixSettings(rt.db.pool, projectId, { testCommand: `bash ${agentDir}/test.sh` });
  return { rt, userId, projectId };
}

async function fixWith(
  h: { rt: TestRuntime; userId: string; projectId: string },
  runner: 'local' | 'e2b' | 'fargate',
): Promise<Fix> {
  const { rt, userId, projectId } = h;
  const { rows } = await rt.db.pool.query<{ id: string }>(
    `insert into clusters (project_id, title, repo) values ($1, $2, 'acme/shop') returning id`,
    [projectId, `Coupon crash hunted via ${runner}`],
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
  const job = await startFix(rt.services.fixes, { projectId, clusterId, userId, runner });
  const until = Date.now() + 120_000;
  for (;;) {
    const j = await getFix(rt.db.pool, projectId, job.id);
    if (['success', 'failed', 'cancelled'].includes(j.status)) return j;
    if (Date.now() > until) throw new Error(`job still ${j.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The job pushed the fix and both hunts' findings, and no form of the token is in the branch or the log. */
async function expectNothingLeaked(rt: TestRuntime, job: Fix) {
  const { rows } = await rt.db.pool.query<{ line: string }>(
    'select line from job_log_lines where agent_job_id = $1 order by seq',
    [job.id],
  );
  const log = rows.map((r) => r.line).join('\n');
  expect(job.error, log).toBeNull();
  expect(job.status).toBe('success');
  // both hunts really ran and reported
  expect(log.match(/hunt done: \d+ candidates/g)).toHaveLength(2);
  const files = (await gh.git('acme/shop', ['ls-tree', '-r', '--name-only', job.branch!])).trim().split('\n');
  expect(files).toEqual(expect.arrayContaining(['AGENT_LOOT.txt', 'TEST_LOOT.txt']));
  expect(await gh.showFile('acme/shop', job.branch!, 'src/checkout/cart.ts')).toContain(
    'coupon?.discount ?? 0',
  );
  const tree = (await Promise.all(files.map((f) => gh.showFile('acme/shop', job.branch!, f)))).join('\n');
  for (const form of forms) {
    expect(tree, `the pushed branch holds ${form}`).not.toContain(form);
    expect(log, `the job log holds ${form}`).not.toContain(form);
  }
}

let port: number;
let cloud: { rt: TestRuntime; userId: string; projectId: string };

beforeAll(async () => {
  gh = await startFakeGithub({ token: TOKEN });
  await gh.createRepo('acme/shop', shopFiles);
  // readable by the unprivileged user jobs run as when the tests run as root
  agentDir = await mkdtemp(path.join(tmpdir(), 'soulcaster-hunt-agent-'));
  await chmod(agentDir, 0o755);
  const files = {
    'hunt.sh': HUNT,
    'agent.sh': `bash ${agentDir}/hunt.sh AGENT_LOOT.txt\n${fixCouponCommand}\n`,
    'test.sh': `bash ${agentDir}/hunt.sh TEST_LOOT.txt\nexit 0\n`,
  };
  for (const [name, content] of Object.entries(files)) {
    await writeFile(path.join(agentDir, name), content);
    await chmod(path.join(agentDir, name), 0o644);
  }
  e2b = await startFakeE2b({ apiKey: 'e2b_hunt', templates: ['soulcaster-agent'] });
  fargate = await startFakeFargate({
    region: 'eu-west-1',
    cluster: 'agents',
    taskDefinitions: [
      { family: 'soulcaster-agent', containerName: 'agent', logGroup: '/ecs/soulcaster', streamPrefix: 'sc' },
    ],
    credentials: { accessKeyId: 'AKIAHUNTHUNTHUNT0001', secretAccessKey: 'hunt-secret' },
  });
  port = await freePort();
  cloud = await huntRuntime({
    E2B_API_KEY: 'e2b_hunt',
    E2B_API_URL: e2b.apiUrl,
    E2B_SANDBOX_URL: e2b.sandboxUrl,
    E2B_TEMPLATE: 'soulcaster-agent',
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIAHUNTHUNTHUNT0001',
    AWS_SECRET_ACCESS_KEY: 'hunt-secret',
    FARGATE_CLUSTER: 'agents',
    FARGATE_TASK_DEFINITION: 'soulcaster-agent',
    FARGATE_CONTAINER_NAME: 'agent',
    FARGATE_SUBNETS: 'subnet-0a1',
    FARGATE_LOG_GROUP: '/ecs/soulcaster',
    FARGATE_LOG_STREAM_PREFIX: 'sc',
    FARGATE_POLL_INTERVAL_MS: '50',
    FARGATE_WORKSPACE_URL: `http://127.0.0.1:${port}`,
    ECS_ENDPOINT: fargate.url,
    LOGS_ENDPOINT: fargate.url,
  });
  // the Fargate task fetches its workspace from the server, so this app really listens
  await cloud.rt.app.listen({ port, host: '127.0.0.1' });
}, 60_000);
afterAll(async () => {
  await cloud?.rt.close();
  await gh?.close();
  await e2b?.close();
  await fargate?.close();
});

describe('an agent and a test command hunting for the GitHub token find nothing', () => {
  it('on the local runner (bubblewrap where the host allows it)', async () => {
    await expectNothingLeaked(cloud.rt, await fixWith(cloud, 'local'));
  }, 150_000);

  it('on the local runner without a sandbox tool (the loud fallback)', async () => {
    const bare = await huntRuntime({ LOCAL_RUNNER_SANDBOX: 'none' });
    try {
      await expectNothingLeaked(bare.rt, await fixWith(bare, 'local'));
    } finally {
      await bare.rt.close();
    }
  }, 150_000);

  it('on the E2B runner: the sandbox never receives the token', async () => {
    const job = await fixWith(cloud, 'e2b');
    await expectNothingLeaked(cloud.rt, job);
    const sandboxId = e2b.created.at(-1)!.sandboxId;
    const sent = JSON.stringify(e2b.starts.filter((s) => s.sandboxId === sandboxId));
    for (const form of forms) expect(sent).not.toContain(form);
  }, 150_000);

  it('on the Fargate runner: the task never receives the token', async () => {
    const job = await fixWith(cloud, 'fargate');
    await expectNothingLeaked(cloud.rt, job);
    const overrides = JSON.stringify(fargate.runTasks.at(-1));
    for (const form of forms) expect(overrides).not.toContain(form);
  }, 150_000);
});
