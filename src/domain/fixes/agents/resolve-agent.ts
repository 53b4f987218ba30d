import type { AgentName } from '../../../config/sections/fixes.js';
import { AppError } from '../../errors.js';
import type { CodingAgent } from '../coding-agent.js';
import { aiderAgent } from './aider.js';
import { claudeCodeAgent } from './claude-code.js';
import { codexAgent } from './codex.js';
import { commandAgent } from './command-agent.js';
import { kiloAgent } from './kilo.js';
import { opencodeAgent } from './opencode.js';

const adapters: Record<Exclude<AgentName, 'command'>, CodingAgent> = {
  kilo: kiloAgent,
  'claude-code': claudeCodeAgent,
  codex: codexAgent,
  aider: aiderAgent,
  opencode: opencodeAgent,
};

/**
 * The adapter for an agent name, checked before anything runs: the generic agent needs a command, and
 * every agent's required credentials must be present among the secrets the sandbox will receive.
 */
export function resolveAgent(
  name: AgentName,
  opts: { command: string | undefined; secrets: Record<string, string> },
): CodingAgent {
  let agent: CodingAgent;
  if (name === 'command') {
    if (!opts.command)
      throw new AppError(
        'bad_request',
        'the command agent needs a command: set SOULCASTER_AGENT_COMMAND or the project setting fix.command',
      );
    agent = commandAgent(opts.command);
  } else agent = adapters[name];
  const missing = agent.requiredEnv.filter((k) => !opts.secrets[k]);
  if (missing.length > 0)
    throw new AppError(
      'bad_request',
      `the ${name} agent needs ${missing.join(', ')} in the server environment`,
    );
  return agent;
}
