import type { AgentName } from '../../../config/sections/fixes.js';
import { AppError } from '../../errors.js';
import type { CodingAgent } from '../coding-agent.js';
import { aiderAgent } from './aider.js';
import { claudeCodeAgent } from './claude-code.js';
import { codexAgent } from './codex.js';
import { commandAgent } from './command-agent.js';
import { kiloAgent } from './kilo.js';
import { opencodeAgent } from './opencode.js';

export interface AgentOptions {
  command: string | undefined;
  secrets: Record<string, string>;
  /** SOULCASTER_KILO_CONFIG: the operator's Kilo settings (providers, base URLs) */
  kiloConfig?: Record<string, unknown> | undefined;
}

/** The adapter for an agent name, without checking that it can run. */
export function agentAdapter(name: AgentName, opts: AgentOptions): CodingAgent | undefined {
  switch (name) {
    case 'kilo':
      return kiloAgent(opts.kiloConfig);
    case 'claude-code':
      return claudeCodeAgent;
    case 'codex':
      return codexAgent;
    case 'aider':
      return aiderAgent;
    case 'opencode':
      return opencodeAgent;
    case 'command':
      return opts.command ? commandAgent(opts.command) : undefined;
  }
}

/**
 * The adapter for an agent name, checked before anything runs: the generic agent needs a command, and
 * every agent's required credentials must be present among the secrets the sandbox will receive.
 */
export function resolveAgent(name: AgentName, opts: AgentOptions): CodingAgent {
  const agent = agentAdapter(name, opts);
  if (agent === undefined)
    throw new AppError(
      'bad_request',
      'the command agent needs a command: set SOULCASTER_AGENT_COMMAND in the server environment',
    );
  const missing = missingEnv(agent, opts.secrets);
  if (missing.length > 0)
    throw new AppError(
      'bad_request',
      `the ${name} agent needs ${missing.join(', ')} in the server environment`,
    );
  return agent;
}

export const missingEnv = (agent: CodingAgent, secrets: Record<string, string>): string[] =>
  agent.requiredEnv.filter((k) => !secrets[k]);
