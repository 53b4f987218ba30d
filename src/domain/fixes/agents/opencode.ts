import type { CodingAgent } from '../coding-agent.js';
import { shq, taskArg } from './shell-quote.js';

/** OpenCode: `opencode run <message>` is its non-interactive mode; the model is `provider/model`. */
export const opencodeAgent: CodingAgent = {
  name: 'opencode',
  command: ({ taskFile, model }) =>
    `opencode run${model ? ` --model ${shq(model)}` : ''} ${taskArg(taskFile)}`,
  requiredEnv: [],
};
