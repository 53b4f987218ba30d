import { describe, expect, it } from 'vitest';
import { resolveAgent } from '../../src/domain/fixes/agents/resolve-agent.js';
import { branchName } from '../../src/domain/fixes/branch-name.js';
import { renderFixScript } from '../../src/domain/fixes/render-fix-script.js';
import { testConfig } from '../helpers/test-runtime.js';

const none = { command: undefined, secrets: {} };

describe('coding agents', () => {
  it('invokes each CLI in its documented headless mode', () => {
    const opts = { taskFile: '../task.md', model: 'anthropic/claude-sonnet-4' };
    const secrets = { command: undefined, secrets: { ANTHROPIC_API_KEY: 'a', OPENAI_API_KEY: 'o' } };
    expect(resolveAgent('kilo', secrets).command(opts)).toBe(
      `kilo run --auto --model 'anthropic/claude-sonnet-4' "$(cat '../task.md')"`,
    );
    expect(resolveAgent('claude-code', secrets).command({ taskFile: '../task.md' })).toBe(
      `claude -p "$(cat '../task.md')" --permission-mode acceptEdits --output-format stream-json --verbose`,
    );
    expect(resolveAgent('codex', secrets).command({ taskFile: '../task.md' })).toBe(
      `codex exec --json --sandbox workspace-write --skip-git-repo-check - < '../task.md'`,
    );
    expect(resolveAgent('aider', secrets).command({ taskFile: '../task.md', model: 'gpt-4o' })).toBe(
      `aider --message-file '../task.md' --yes --no-auto-commits --no-check-update --no-pretty --model 'gpt-4o'`,
    );
    expect(resolveAgent('opencode', secrets).command({ taskFile: '../task.md' })).toBe(
      `opencode run --auto "$(cat '../task.md')"`,
    );
    expect(
      resolveAgent('command', { ...secrets, command: "echo 'hi'" }).command({ taskFile: '../task.md' }),
    ).toBe(`SOULCASTER_TASK_FILE='../task.md' bash -c 'echo '\\''hi'\\'''`);
  });

  it('refuses an agent whose credentials or command are missing, naming what is missing', () => {
    expect(() => resolveAgent('claude-code', none)).toThrow(/ANTHROPIC_API_KEY/);
    expect(() => resolveAgent('codex', none)).toThrow(/OPENAI_API_KEY/);
    expect(() => resolveAgent('command', none)).toThrow(/SOULCASTER_AGENT_COMMAND/);
    expect(resolveAgent('kilo', none).name).toBe('kilo');
  });

  it('reads agent defaults and credentials from config only', () => {
    const c = testConfig({
      SOULCASTER_AGENT: 'codex',
      OPENAI_API_KEY: 'sk-x',
      SOULCASTER_AGENT_SECRET_ENV: 'MY_PROXY_KEY, bad-name',
      MY_PROXY_KEY: 'p',
    }).fixes;
    expect(c).toMatchObject({
      defaultAgent: 'codex',
      defaultRunner: 'local',
      agentSecrets: { OPENAI_API_KEY: 'sk-x', MY_PROXY_KEY: 'p' },
    });
    expect(testConfig().fixes.defaultAgent).toBe('kilo');
    expect(() => testConfig({ SOULCASTER_AGENT: 'gpt' })).toThrow(/SOULCASTER_AGENT/);
  });
});

describe('job script', () => {
  it('names the branch soulcaster/<slug>-<short id>', () => {
    expect(branchName('Checkout: "coupon" crash!', '0f1e2d3c-aaaa-4bbb-8ccc-dddddddddddd')).toBe(
      'soulcaster/checkout-coupon-crash-0f1e2d3c',
    );
    expect(branchName('???', 'abcdef12-0000-4000-8000-000000000000')).toBe('soulcaster/fix-abcdef12');
  });

  it('needs no credential: it neither clones nor pushes, and leaves the result as a bundle', () => {
    const script = renderFixScript({
      baseSha: 'a'.repeat(40),
      agent: resolveAgent('command', { command: 'make fix', secrets: {} }),
      model: undefined,
      task: "# Fix\nEOF\n'quotes' $(rm -rf /)",
      testCommand: 'npm test',
    });
    expect(script).not.toMatch(/ghp_|x-access-token|GIT_CONFIG_|SOULCASTER_GITHUB|clone|push/);
    expect(script).toContain(
      `bash -c 'SOULCASTER_TASK_FILE='\\''../task.md'\\'' bash -c '\\''make fix'\\'''`,
    );
    expect(script).toContain("if bash -c 'npm test'");
    expect(script).toMatch(
      /<<'SOULCASTER_EOF_[0-9a-f]{16}'\n# Fix\nEOF\n'quotes' \$\(rm -rf \/\)\nSOULCASTER_EOF_/,
    );
    expect(script).toContain(
      `git bundle create --quiet "$JOB/result.bundle" refs/soulcaster/result '^${'a'.repeat(40)}'`,
    );
  });
});
