import type { LogStream, RunOutcome, RunRequest, Runner } from '../../src/domain/fixes/runner.js';

export interface Reported {
  stream: LogStream;
  line: string;
}

/** Runs a script through a runner and records every reported line, in order. */
export async function runScript(
  runner: Runner,
  script: string,
  opts: Partial<Omit<RunRequest, 'script' | 'onLine'>> & { onLine?: (l: Reported) => void } = {},
): Promise<{ outcome: RunOutcome; lines: Reported[]; ms: number }> {
  const lines: Reported[] = [];
  const started = performance.now();
  const outcome = await runner.run({
    jobId: opts.jobId ?? 'job-1',
    script,
    env: opts.env ?? {},
    secretEnv: opts.secretEnv ?? {},
    ...(opts.files !== undefined && { files: opts.files }),
    ...(opts.collect !== undefined && { collect: opts.collect }),
    timeoutMs: opts.timeoutMs ?? 30_000,
    signal: opts.signal ?? new AbortController().signal,
    onLine: (stream, line) => {
      lines.push({ stream, line });
      opts.onLine?.({ stream, line });
    },
  });
  return { outcome, lines, ms: performance.now() - started };
}

/** Script output only: the runner's own `system` lines are left out. */
export const output = (lines: Reported[]) => lines.filter((l) => l.stream !== 'system');

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
