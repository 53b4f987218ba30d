import type { Config } from '../../config/config.js';
import type { AgentName } from '../../config/sections/fixes.js';
import { AppError } from '../errors.js';

export type FixPolicy = Config['fixes']['policy'];

/**
 * What the server lets a project run, beyond what its owner chose: FIX_ALLOWED_AGENTS and
 * FIX_ALLOW_TEST_COMMANDS. Checked when settings change and again when a fix starts and runs, so a
 * setting stored before the server narrowed its policy cannot slip through.
 */
export function checkFixPolicy(
  policy: FixPolicy,
  choice: { agent?: AgentName | undefined; testCommand?: string | undefined },
): void {
  if (choice.agent !== undefined && policy.allowedAgents && !policy.allowedAgents.includes(choice.agent))
    throw new AppError(
      'forbidden',
      `this server does not allow the ${choice.agent} agent (FIX_ALLOWED_AGENTS=${policy.allowedAgents.join(',')})`,
      { agent: choice.agent, allowed: policy.allowedAgents },
    );
  if (choice.testCommand !== undefined && !policy.allowTestCommands)
    throw new AppError(
      'forbidden',
      'this server does not run project test commands (FIX_ALLOW_TEST_COMMANDS=false); a project owner must remove it',
    );
}
