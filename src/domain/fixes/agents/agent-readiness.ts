import { agentNames, type AgentName, type RunnerName } from '../../../config/sections/fixes.js';
import { AppError } from '../../errors.js';
import type { CodingAgent } from '../coding-agent.js';
import type { FixDeps } from '../fix-deps.js';
import { agentAdapter, missingEnv, resolveAgent } from './resolve-agent.js';
import { findExecutable } from './find-executable.js';

export interface AgentReadiness {
  name: AgentName;
  /** true/false on the local runner (its PATH is checked); null where the server cannot see the
   *  sandbox (E2B, Fargate: the CLI must be in the image) */
  installed: boolean | null;
  /** credentials the agent needs that the server environment lacks */
  missingEnv: string[];
  installHint: string | null;
  /** why Start Fix would refuse this agent, or null when it would start */
  problem: string | null;
}

type ReadinessDeps = Pick<FixDeps, 'fixes'>;
const agentOptions = (deps: ReadinessDeps) => ({
  command: deps.fixes.agentCommand,
  secrets: deps.fixes.agentSecrets,
  kiloConfig: deps.fixes.kiloConfig,
});

const notInstalled = (agent: CodingAgent, searchPath: string) =>
  `the ${agent.name} agent's command \`${agent.binary}\` is not installed on the local runner's PATH (${searchPath}): ${agent.installHint}, or set SOULCASTER_SANDBOX_PATH to where it is`;

/** Whether each agent could run on this runner now: what the dashboard shows before Start Fix. */
export function listAgentReadiness(deps: ReadinessDeps, runner: RunnerName): AgentReadiness[] {
  return agentNames.map((name) => {
    const agent = agentAdapter(name, agentOptions(deps));
    if (agent === undefined)
      return {
        name,
        installed: null,
        missingEnv: [],
        installHint: null,
        problem: 'set SOULCASTER_AGENT_COMMAND in the server environment',
      };
    const installed =
      runner === 'local' ? findExecutable(agent.binary, deps.fixes.local.path) !== undefined : null;
    const missing = missingEnv(agent, deps.fixes.agentSecrets);
    const problem =
      installed === false
        ? notInstalled(agent, deps.fixes.local.path)
        : missing.length > 0
          ? `the ${name} agent needs ${missing.join(', ')} in the server environment`
          : null;
    return { name, installed, missingEnv: missing, installHint: agent.installHint, problem };
  });
}

/**
 * The agent for a fix, refused (400, with the install hint) when its credentials are missing or, on the
 * local runner, when its executable is not on the sandbox PATH: failing here beats a clone and exit 127.
 */
export function requireRunnableAgent(deps: ReadinessDeps, name: AgentName, runner: RunnerName): CodingAgent {
  const agent = resolveAgent(name, agentOptions(deps));
  if (runner === 'local' && findExecutable(agent.binary, deps.fixes.local.path) === undefined)
    throw new AppError('bad_request', notInstalled(agent, deps.fixes.local.path), {
      agent: name,
      install: agent.installHint,
    });
  return agent;
}
