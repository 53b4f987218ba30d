import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAgent } from '../../src/domain/fixes/agents/resolve-agent.js';
import type { CodingAgent } from '../../src/domain/fixes/coding-agent.js';
import { startFakeAgentModel, type FakeAgentModel } from '../fakes/agent-model-server.js';

/**
 * The command lines the adapters build, run by the REAL agent CLIs (pinned dev dependencies) without a
 * model: Codex and Claude Code are started for real against a local fake of their vendor's API, which
 * records the request and refuses it, so a parse error or a prompt that never arrives fails the test.
 * Kilo and OpenCode use yargs, which ignores unknown flags, so their flags are checked against
 * `run --help`; their real tool loop is driven in kilo-e2e.test.ts.
 */
const exec = promisify(execFile);
const bin = path.resolve('node_modules/.bin');
const TASK = 'Fix the coupon crash in src/checkout/cart.ts (task marker 7f3a)';
const KEY = 'sk-offline-fake';
let fake: FakeAgentModel;

beforeAll(async () => {
  fake = await startFakeAgentModel({ apiKey: KEY });
});
afterAll(() => fake.close());

/** A job directory as the script leaves it: ../task.md beside a git checkout, and a private HOME. */
async function jobDir() {
  const root = await mkdtemp(path.join(tmpdir(), 'agent-cli-'));
  const repo = path.join(root, 'repo');
  const home = path.join(root, 'home');
  await mkdir(repo);
  await mkdir(home);
  await writeFile(path.join(root, 'task.md'), TASK);
  await exec('git', ['init', '-q'], { cwd: repo });
  return { root, repo, home };
}

async function runCommand(agent: CodingAgent, env: Record<string, string>, model?: string) {
  const dir = await jobDir();
  const cmd = agent.command({ taskFile: '../task.md', ...(model ? { model } : {}) });
  try {
    const r = await exec('bash', ['-c', cmd], {
      cwd: dir.repo,
      timeout: 120_000,
      env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: dir.home, ...agent.env, ...env },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr, dir };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '', dir };
  }
}

const flagsOf = (cmd: string) => [...cmd.matchAll(/(?<=\s)--[a-z][a-z-]*/g)].map((m) => m[0]);

describe('agent command lines against the real CLIs', () => {
  it('codex: `codex exec --json --sandbox workspace-write` parses, reads the task from stdin and calls the model', async () => {
    const agent = resolveAgent('codex', { command: undefined, secrets: { OPENAI_API_KEY: KEY } });
    const dir = await jobDir();
    // the test's own Codex config: its model provider is the local fake (Responses API)
    await mkdir(path.join(dir.home, '.codex'));
    await writeFile(
      path.join(dir.home, '.codex', 'config.toml'),
      `model_provider = "fake"\n[model_providers.fake]\nname = "fake"\nbase_url = "${fake.url}/v1"\nenv_key = "OPENAI_API_KEY"\nwire_api = "responses"\n`,
    );
    const before = fake.responses.length;
    const cmd = agent.command({ taskFile: '../task.md', model: 'gpt-fake' });
    const r = await exec('bash', ['-c', cmd], {
      cwd: dir.repo,
      timeout: 120_000,
      env: { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: dir.home, OPENAI_API_KEY: KEY },
    }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(r.stderr).not.toMatch(/unexpected argument|Usage: codex/);
    expect(fake.responses.length).toBeGreaterThan(before);
    const sent = fake.responses.at(-1)!;
    expect(sent.model).toBe('gpt-fake');
    expect(JSON.stringify(sent)).toContain('task marker 7f3a');
    // --json: every stdout line is an event
    const events = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string });
    expect(events.map((e) => e.type)).toContain('turn.failed');
  }, 150_000);

  it('codex: the old `--full-auto` command line is what current codex rejects (exit 2)', async () => {
    const r = await runCommand(
      {
        ...resolveAgent('codex', { command: undefined, secrets: { OPENAI_API_KEY: KEY } }),
        command: () => `codex exec --full-auto --skip-git-repo-check - < ../task.md`,
      },
      { OPENAI_API_KEY: KEY },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unexpected argument '--full-auto'/);
  }, 150_000);

  it('claude-code: print mode with stream-json parses and sends the task to the Messages API', async () => {
    const agent = resolveAgent('claude-code', { command: undefined, secrets: { ANTHROPIC_API_KEY: KEY } });
    const before = fake.messages.length;
    const r = await runCommand(
      agent,
      { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: fake.url, DISABLE_AUTOUPDATER: '1' },
      'claude-fake-model',
    );
    expect(r.stderr).not.toMatch(/unknown option|error: option/i);
    expect(fake.messages.length).toBeGreaterThan(before);
    expect(fake.messages.some((m) => m.model === 'claude-fake-model')).toBe(true);
    expect(JSON.stringify(fake.messages.slice(before))).toContain('task marker 7f3a');
    const first = JSON.parse(r.stdout.split('\n')[0]!) as { type: string; subtype: string };
    expect(first).toMatchObject({ type: 'system', subtype: 'init' });
    expect(r.code).not.toBe(0); // the fake refused the request
  }, 150_000);

  for (const name of ['kilo', 'opencode'] as const) {
    it(`${name}: every flag of \`${name} run\` the adapter uses is in the CLI's own help`, async () => {
      const agent = resolveAgent(name, { command: undefined, secrets: {} });
      const cmd = agent.command({ taskFile: '../task.md', model: 'fake/coder' });
      expect(cmd.startsWith(`${name} run `)).toBe(true);
      const dir = await jobDir();
      const { stdout, stderr } = await exec(path.join(bin, name), ['run', '--help'], {
        env: { PATH: process.env.PATH ?? '', HOME: dir.home },
        timeout: 120_000,
      });
      const help = stdout + stderr;
      expect(help).toMatch(new RegExp(`${name} run \\[message\\.\\.\\]`));
      const flags = flagsOf(cmd);
      expect(flags).toEqual(expect.arrayContaining(['--auto', '--model']));
      for (const flag of flags) expect(help).toContain(flag);
    }, 150_000);
  }

  it('kilo: runs headless from KILO_CONFIG_CONTENT, which keeps every permission at allow', () => {
    const agent = resolveAgent('kilo', {
      command: undefined,
      secrets: {},
      kiloConfig: { provider: { x: { options: { baseURL: 'http://llm' } } }, permission: { bash: 'ask' } },
    });
    const config = JSON.parse(agent.env!.KILO_CONFIG_CONTENT!) as Record<string, unknown>;
    expect(config).toMatchObject({
      provider: { x: { options: { baseURL: 'http://llm' } } },
      permission: { edit: 'allow', bash: 'allow' },
      autoupdate: false,
      share: 'disabled',
    });
  });
});
