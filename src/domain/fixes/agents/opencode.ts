import type { CodingAgent } from '../coding-agent.js';
import { shq, taskArg } from './shell-quote.js';

/**
 * OpenCode: `opencode run <message>` is its non-interactive mode and `--auto` approves tool permissions
 * that are not explicitly denied; the model is `provider/model`.
 */
export const opencodeAgent: CodingAgent = {
  name: 'opencode',
  binary: 'opencode',
  installHint: 'npm install -g opencode-ai',
  command: ({ taskFile, model }) =>
    `opencode run --auto${model ? ` --model ${shq(model)}` : ''} ${taskArg(taskFile)}`,
  requiredEnv: [],
};
