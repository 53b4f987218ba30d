import type { CodingAgent } from '../coding-agent.js';
import { shq } from './shell-quote.js';

/**
 * OpenAI Codex CLI: `codex exec` is its non-interactive mode. `--sandbox workspace-write` lets it edit the
 * checkout (and nothing outside it) without asking; `--json` streams each event as a JSON line into the
 * job log. The prompt `-` reads the task from stdin, which also closes stdin so codex never waits for
 * more input. (`--full-auto` was removed from `codex exec`: current versions reject it.)
 */
export const codexAgent: CodingAgent = {
  name: 'codex',
  binary: 'codex',
  installHint: 'npm install -g @openai/codex',
  command: ({ taskFile, model }) =>
    `codex exec --json --sandbox workspace-write --skip-git-repo-check${model ? ` --model ${shq(model)}` : ''} - < ${shq(taskFile)}`,
  requiredEnv: ['OPENAI_API_KEY'],
};
