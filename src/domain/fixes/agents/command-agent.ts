import type { CodingAgent } from '../coding-agent.js';
import { shq } from './shell-quote.js';

/**
 * Any command (SOULCASTER_AGENT_COMMAND or the project's `fix.command` setting), run by bash in the
 * checkout with SOULCASTER_TASK_FILE naming the task file: the way to plug in an agent without an adapter,
 * and the deterministic agent of the end-to-end test.
 */
export function commandAgent(command: string): CodingAgent {
  return {
    name: 'command',
    binary: 'bash',
    installHint: 'install bash',
    command: ({ taskFile }) => `SOULCASTER_TASK_FILE=${shq(taskFile)} bash -c ${shq(command)}`,
    requiredEnv: [],
  };
}
