import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFix, type Fix } from '../../src/domain/fixes/fix.js';

import { setFixSettings } from '../../src/domain/fixes/fix-settings.js';
import { startFix } from '../../src/domain/fixes/start-fix.js';
import { editPlan } from '../../src/domain/plans/edit-plan.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { startFakeAgentModel, type FakeAgentModel } from '../fakes/agent-model-server.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github-server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { createUser, shopFiles, tempDataDir } from './fix-fixtures.js';

/**
 * The default agent for real, offline: the Kilo Code CLI (pinned dev dependency) runs in the local
 * runner, configured only through SOULCASTER_KILO_CONFIG with a provider whose base URL is a local fake
 * of OpenAI's streaming chat API. The fake scripts the model's turns (read the file, edit it, finish);
 * Kilo's own tool loop executes them on the real checkout, then the product tests, commits, pushes into
 * a real bare repository and opens the PR against the local GitHub fake.
 */
const TOKEN = 'ghp_kiloe2e0123456789abcdefghijklmno';
const MODEL_KEY = 'sk-kilo-offline';
let gh: FakeGithub;
let llm: FakeAgentModel;
let rt: TestRuntime;

beforeAll(async () => {
  gh = await startFakeGithub({ token: TOKEN });
  await gh.createRepo('acme/shop', shopFiles);
  llm = await startFakeAgentModel({
    apiKey: MODEL_KEY,
    script: [
      { tool: 'read', args: (cwd) => ({ filePath: path.join(cwd, 'src/checkout/cart.ts') }) },
      {
        tool: 'edit',
        args: (cwd) => ({
          filePath: path.join(cwd, 'src/checkout/cart.ts'),
          oldString: 'cart.coupon!.discount',
          newString: '(cart.coupon?.discount ?? 0)',
        }),
      },
      { text: 'applyCoupon now treats a missing coupon as no discount.' },
    ],
  });
  const dir = await tempDataDir();
  rt = await createTestRuntime({
    workers: true,
    env: {
      SOULCASTER_DATA_DIR: dir,
      GITHUB_API_URL: gh.url,
      GITHUB_WEB_URL: gh.url,
      FIX_HEARTBEAT_SECONDS: '1',
      SOULCASTER_AGENT: 'kilo',
      SOULCASTER_AGENT_MODEL: 'fake/coder',
      SOULCASTER_SANDBOX_PATH: `${path.resolve('node_modules/.bin')}:/usr/local/bin:/usr/bin:/bin`,
      SOULCASTER_KILO_CONFIG: JSON.stringify({
        provider: {
          fake: {
            npm: '@ai-sdk/openai-compatible',
            name: 'Offline fake',
            options: { baseURL: `${llm.url}/v1`, apiKey: MODEL_KEY },
            models: { coder: { name: 'coder', tool_call: true } },
          },
        },
      }),
    },
  });
});
afterAll(async () => {
  await rt?.close();
  await gh?.close();
  await llm?.close();
});

describe('Kilo Code CLI end to end, offline', () => {
  it('edits the repository through its own tool loop; the product pushes and opens the PR', async () => {
    const userId = (await createUser(rt, TOKEN)).id;
    const { id: projectId } = await createProject(rt.db.pool, { name: 'kilo', repo: 'acme/shop' });
    const { rows } = await rt.db.pool.query<{ id: string }>(
      `insert into clusters (project_id, title, repo) values ($1, 'Coupon crash', 'acme/shop') returning id`,
      [projectId],
    );
    const clusterId = rows[0]!.id;
    await editPlan(
      rt.db.pool,
      projectId,
      clusterId,
      {
        summary: 'applyCoupon dereferences a missing coupon',
        files: [{ path: 'src/checkout/cart.ts', reason: 'crash site' }],
        tasks: [{ title: 'Guard the coupon', detail: 'default the discount to 0' }],
      },
      userId,
    );
    await setFixSettings(rt.db.pool, projectId, { testCommand: 'sh test/cart.test.sh', timeoutSeconds: 600 });

    const started = Date.now();
    const job = await startFix(rt.services.fixes, { projectId, clusterId, userId });
    let done: Fix;
    for (;;) {
      done = await getFix(rt.db.pool, projectId, job.id);
      if (['success', 'failed', 'cancelled'].includes(done.status)) break;
      if (Date.now() - started > 600_000) throw new Error(`job still ${done.status}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const { rows: log } = await rt.db.pool.query<{ line: string }>(
      'select line from job_log_lines where agent_job_id = $1 order by seq',
      [job.id],
    );
    const text = log.map((l) => l.line).join('\n');
    expect(done, text).toMatchObject({ status: 'success', prState: 'open' });
    console.log(
      `kilo e2e: Start Fix → PR ${Date.now() - started} ms (agent ${done.timings.agentMs} ms, ${llm.chat.length} model requests)`,
    );

    // Kilo's loop really asked the model three times: read, edit, finish (plus title requests)
    const agentTurns = llm.chat.filter((b) => Array.isArray(b.tools) && b.tools.length > 0);
    expect(agentTurns.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(agentTurns[0])).toContain('Guard the coupon'); // the task reached the model
    // the tool results it sent back are the real file, then the real edit
    expect(JSON.stringify(agentTurns[1]!.messages)).toContain('cart.coupon!.discount');
    expect(done.testResult).toMatchObject({ passed: true });

    const pull = gh.pulls.find((p) => p.head === done.branch)!;
    expect(pull).toMatchObject({ state: 'open', base: 'main' });
    expect(await gh.showFile('acme/shop', done.branch!, 'src/checkout/cart.ts')).toContain(
      '(cart.coupon?.discount ?? 0)',
    );
    // the model key in the Kilo config never reaches the stored log
    expect(text).not.toContain(MODEL_KEY);
  }, 660_000);
});
