import type { CodingAgent } from '../coding-agent.js';
import { shq } from './shell-quote.js';

/**
 * OpenAI Codex CLI: `codex exec` is its non-interactive mode; `--full-auto` allows edits inside the
 * workspace (sandbox workspace-write). The prompt `-` reads the task from stdin, which also closes stdin
 * so codex never waits for more input.
 */
export const codexAgent: CodingAgent = {
  name: 'codex',
  command: ({ taskFile, model }) =>
    `codex exec --full-auto --skip-git-repo-check${model ? ` --model ${shq(model)}` : ''} - < ${shq(taskFile)}`,
  requiredEnv: ['OPENAI_API_KEY'],
};
