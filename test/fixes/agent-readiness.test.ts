import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFix } from '../../src/domain/fixes/start-fix.js';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';
import { createUser } from './fix-fixtures.js';

const TOKEN = 'ghp_readiness0123456789abcdefghijklm';
let rt: TestRuntime;
let binDir: string;

beforeAll(async () => {
  // a sandbox PATH with git and bash but no agent CLI except a `claude` executable
  binDir = await mkdtemp(path.join(tmpdir(), 'agent-bin-'));
  await writeFile(path.join(binDir, 'claude'), '#!/bin/sh\nexit 0\n');
  await chmod(path.join(binDir, 'claude'), 0o755);
  rt = await createTestRuntime({
    env: { SOULCASTER_SANDBOX_PATH: `${binDir}:/usr/bin:/bin`, SOULCASTER_AGENT: 'kilo' },
  });
});
afterAll(() => rt.close());

describe('a missing agent CLI', () => {
  it('is refused at Start Fix with 400 and the install hint, before a job exists', async () => {
    const userId = (await createUser(rt, TOKEN)).id;
    const { id: projectId } = await createProject(rt.db.pool, { name: 'r', repo: 'acme/shop' });
    const { rows } = await rt.db.pool.query<{ id: string }>(
      `insert into clusters (project_id, title, repo) values ($1, 'x', 'acme/shop') returning id`,
      [projectId],
    );
    const err = await startFix(rt.services.fixes, { projectId, clusterId: rows[0]!.id, userId }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({
      code: 'bad_request',
      status: 400,
      message: expect.stringMatching(/`kilo` is not installed .*npm install -g @kilocode\/cli/),
    });
    const jobs = await rt.db.pool.query('select 1 from agent_jobs where project_id = $1', [projectId]);
    expect(jobs.rowCount).toBe(0);
    const status = await rt.db.pool.query<{ status: string }>('select status from clusters where id = $1', [
      rows[0]!.id,
    ]);
    expect(status.rows[0]!.status).toBe('new');
  });

  it('is listed by the agents API the dashboard reads before the click', async () => {
    const p = await createProject(rt.db.pool, { name: 'r2', repo: 'acme/shop' });
    const res = await rt.app.inject({
      method: 'GET',
      url: `/api/projects/${p.id}/fix/agents`,
      headers: { authorization: `Bearer ${p.apiKey}` },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      agent: string;
      runner: string;
      agents: { name: string; installed: boolean | null; missingEnv: string[]; problem: string | null }[];
    }>();
    expect(body).toMatchObject({ agent: 'kilo', runner: 'local' });
    const by = Object.fromEntries(body.agents.map((a) => [a.name, a]));
    expect(by.kilo).toMatchObject({ installed: false, installHint: 'npm install -g @kilocode/cli' });
    expect(by.kilo!.problem).toMatch(/not installed/);
    // installed, but its API key is missing from the server environment
    expect(by['claude-code']).toMatchObject({ installed: true, missingEnv: ['ANTHROPIC_API_KEY'] });
    expect(by.command!.problem).toMatch(/SOULCASTER_AGENT_COMMAND/);

    const remote = await rt.app.inject({
      method: 'GET',
      url: `/api/projects/${p.id}/fix/agents?runner=e2b`,
      headers: { authorization: `Bearer ${p.apiKey}` },
    });
    // the server cannot see inside a remote sandbox's image
    expect(remote.json<{ agents: { name: string; installed: unknown }[] }>().agents[0]).toMatchObject({
      name: 'kilo',
      installed: null,
    });
  });
});
