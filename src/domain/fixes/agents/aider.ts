import type { CodingAgent } from '../coding-agent.js';
import { shq } from './shell-quote.js';

/**
 * Aider scripted: `--message-file` runs one instruction and exits, `--yes` answers every confirmation;
 * auto-commits are off because the job commits as the user after checking the diff.
 */
export const aiderAgent: CodingAgent = {
  name: 'aider',
  binary: 'aider',
  installHint: 'python -m pip install aider-install && aider-install',
  command: ({ taskFile, model }) =>
    `aider --message-file ${shq(taskFile)} --yes --no-auto-commits --no-check-update --no-pretty${model ? ` --model ${shq(model)}` : ''}`,
  // aider picks its provider from whichever key is set; OPENAI or ANTHROPIC are the common ones
  requiredEnv: [],
};
