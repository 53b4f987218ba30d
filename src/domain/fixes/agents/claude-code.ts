import type { CodingAgent } from '../coding-agent.js';
import { shq, taskArg } from './shell-quote.js';

/**
 * Claude Code in print mode (`claude -p`): non-interactive, and `--permission-mode acceptEdits` lets it
 * edit files without asking; `--output-format stream-json --verbose` streams each step into the job log.
 */
export const claudeCodeAgent: CodingAgent = {
  name: 'claude-code',
  binary: 'claude',
  installHint: 'npm install -g @anthropic-ai/claude-code',
  command: ({ taskFile, model }) =>
    `claude -p ${taskArg(taskFile)} --permission-mode acceptEdits --output-format stream-json --verbose${model ? ` --model ${shq(model)}` : ''}`,
  requiredEnv: ['ANTHROPIC_API_KEY'],
};
