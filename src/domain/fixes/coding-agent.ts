/**
 * A coding agent is a CLI that edits the checkout it is started in. Adapters only know how to invoke
 * their tool headlessly; the runner and the orchestrator do everything else.
 */
export interface AgentCommandOptions {
  /** path (inside the sandbox) of a file holding the full task: plan, feedback, constraints */
  taskFile: string;
  /** optional model name the user configured for this agent */
  model?: string;
}

export interface CodingAgent {
  readonly name: string;
  /** the executable the command starts, looked up on the sandbox PATH before a fix starts */
  readonly binary: string;
  /** how to install the executable, shown when it is missing */
  readonly installHint: string;
  /** the bash command line run in the checkout's root */
  command(opts: AgentCommandOptions): string;
  /** environment variables the agent needs (API keys), named so a missing one fails before the run */
  requiredEnv: readonly string[];
  /** extra environment for the agent's process (its headless configuration); passed as secrets, since
   *  configurations may hold provider keys */
  env?: Record<string, string>;
}
