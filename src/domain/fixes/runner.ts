/**
 * Where a fix runs. The orchestrator (fix loop) renders the whole job (clone, branch, agent, diff check,
 * tests, commit, push) as one bash script; a Runner executes it somewhere isolated and streams its output.
 * One script for every runner keeps local, E2B and Fargate behaviour identical: Fargate cannot run
 * commands one by one, and E2B and local gain nothing from doing so.
 */
export type LogStream = 'stdout' | 'stderr' | 'system';

export interface RunRequest {
  jobId: string;
  /** bash script; runs with an empty working directory as cwd */
  script: string;
  /** plain environment for the script */
  env: Record<string, string>;
  /** secret environment (tokens): passed only through the runner's secret channel, and every runner
   *  redacts these values from the lines it reports */
  secretEnv: Record<string, string>;
  timeoutMs: number;
  /** every output line, in order, as it happens */
  onLine: (stream: LogStream, line: string) => void;
  /** aborted when the user cancels the job */
  signal: AbortSignal;
}

export interface RunOutcome {
  exitCode: number | null;
  timedOut: boolean;
  cancelled: boolean;
}

export interface Runner {
  readonly name: 'local' | 'e2b' | 'fargate';
  run(req: RunRequest): Promise<RunOutcome>;
}
