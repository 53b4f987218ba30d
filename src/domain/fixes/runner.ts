/**
 * Where the untrusted part of a fix runs. The orchestrator clones, commits and pushes on the server with
 * the user's token; a Runner only runs the script for the agent and the tests, somewhere isolated, in a
 * checkout shipped to it as a file, and hands back the result as a file. No GitHub credential ever goes
 * into a RunRequest. One script for every runner keeps local, E2B and Fargate behaviour identical:
 * Fargate cannot run commands one by one, and E2B and local gain nothing from doing so.
 */
export type LogStream = 'stdout' | 'stderr' | 'system';

/** The largest result file a runner brings back (a git bundle of the agent's commit). */
export const COLLECT_LIMIT_BYTES = 100 * 1024 * 1024;

export interface RunRequest {
  jobId: string;
  /** bash script; runs with a working directory that holds only `files` as cwd */
  script: string;
  /** plain environment for the script */
  env: Record<string, string>;
  /** what the agent itself needs (model API keys): given to the script's environment through the
   *  runner's secret channel and redacted from every line the runner reports. Never a GitHub token. */
  secretEnv: Record<string, string>;
  /** files placed in the working directory before the script starts (name → content) */
  files?: Record<string, Buffer>;
  /** a file the script leaves in its working directory, brought back after it exits 0 */
  collect?: string;
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
  /** the `collect` file's content, when the script exited 0 and left it */
  collected?: Buffer;
}

export interface Runner {
  readonly name: 'local' | 'e2b' | 'fargate';
  run(req: RunRequest): Promise<RunOutcome>;
}
