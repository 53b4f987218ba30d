import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFix, type Fix } from '../../src/domain/fixes/fix.js';

import { startFix } from '../../src/domain/fixes/start-fix.js';
import { editPlan } from '../../src/domain/plans/edit-plan.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github-server.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { createUser, fixCouponCommand, fixLoopEnv, shopFiles, tempDataDir } from './fix-fixtures.js';

/**
 * What the fix loop itself costs: Start Fix → PR opened, minus the agent's own time, for five fixes in a
 * row (queue, plan read, GitHub calls, clone, diff check, tests, commit, push, PR), against the local
 * GitHub fake with real git.
 */
const TOKEN = 'ghp_overhead0123456789abcdefghijklmno';
let gh: FakeGithub;
let rt: TestRuntime;

beforeAll(async () => {
  gh = await startFakeGithub({ token: TOKEN });
  await gh.createRepo('acme/shop', shopFiles);
  const dir = await tempDataDir();
  const agentFile = path.join(dir, 'agent.sh');
  await writeFile(agentFile, fixCouponCommand);
  rt = await createTestRuntime({
    workers: true,
    env: fixLoopEnv({ dataDir: dir, githubUrl: gh.url, agentFile }),
  });
});
afterAll(async () => {
  await rt.close();
  await gh.close();
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('fix loop overhead', () => {
  it('Start Fix → PR, excluding the agent: median of 5 runs under 5 s', async () => {
    const deps = rt.services.fixes;
    const userId = (await createUser(rt, TOKEN)).id;
    const { id: projectId } = await createProject(rt.db.pool, { name: 'overhead', repo: 'acme/shop' });
    const overheads: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { rows } = await rt.db.pool.query<{ id: string }>(
        `insert into clusters (project_id, title, repo) values ($1, $2, 'acme/shop') returning id`,
        [projectId, `Overhead run ${i}`],
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
      const job = await startFix(deps, { projectId, clusterId, userId });
      let fix: Fix;
      for (;;) {
        fix = await getFix(rt.db.pool, projectId, job.id);
        if (fix.status !== 'pending' && fix.status !== 'running') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(fix.status).toBe('success');
      const t = fix.timings;
      overheads.push(t.startToPrMs! - (t.agentMs ?? 0));
      console.log(
        `[fix-overhead] run ${i + 1}: Start Fix → PR ${t.startToPrMs} ms, agent ${t.agentMs} ms, overhead ${t.startToPrMs! - (t.agentMs ?? 0)} ms (queue ${t.queueMs}, clone ${t.cloneMs}, tests ${t.testMs ?? 0}, push ${t.pushMs}, PR ${t.prMs})`,
      );
    }
    console.log(`[fix-overhead] median of 5: ${median(overheads)} ms (all: ${overheads.join(', ')})`);
    expect(median(overheads)).toBeLessThan(5000);
  }, 300_000);
});
