import { z } from 'zod';
import { agentNames, runnerNames } from '../../config/sections/fixes.js';

/** Whether a coding agent could run now on the project's runner; installed is null where the server cannot see. */
export const agentReadinessView = z.object({
  name: z.enum(agentNames),
  installed: z.boolean().nullable(),
  missingEnv: z.array(z.string()),
  installHint: z.string().nullable(),
  problem: z.string().nullable(),
});

/** The project's default agent and runner, and whether each agent could run there now. */
export const agentsView = z.object({
  agent: z.enum(agentNames),
  runner: z.enum(runnerNames),
  agents: z.array(agentReadinessView),
});
