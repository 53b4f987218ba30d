import type { CodingAgent } from '../coding-agent.js';
import { shq, taskArg } from './shell-quote.js';

/**
 * Kilo Code CLI (`@kilocode/cli`), the default agent. `kilo run --auto` is its documented
 * headless mode: one message, no permission prompts, exits when done. The model is `provider/model`.
 */
export const kiloAgent: CodingAgent = {
  name: 'kilo',
  command: ({ taskFile, model }) =>
    `kilo run --auto${model ? ` --model ${shq(model)}` : ''} ${taskArg(taskFile)}`,
  // Kilo reaches models through its gateway (KILO_API_KEY) or a provider key configured for it
  requiredEnv: [],
};
