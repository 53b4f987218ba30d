import type { LogStream } from '../runner.js';

export const REDACTED = '[redacted]';

// a GitHub token the job was not told about (a tool printing one) is still hidden
const githubTokenShapes = /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g;

/**
 * Replaces every secret value with a marker. Longest first, so a secret that contains a shorter one is
 * not left half-visible. A multi-line secret is also matched line by line, because output is reported
 * per line and would otherwise never contain the whole value.
 */
export function createRedactor(secrets: Record<string, string>): (text: string) => string {
  const needles = new Set<string>();
  for (const value of Object.values(secrets)) {
    if (value === '') continue;
    needles.add(value);
    if (value.includes('\n'))
      for (const part of value.split(/\r?\n/)) if (part.trim().length >= 4) needles.add(part);
  }
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  return (text) =>
    ordered.reduce((t, needle) => t.split(needle).join(REDACTED), text).replace(githubTokenShapes, REDACTED);
}

export interface LineSink {
  /** a chunk of output; complete lines are reported at once, a trailing partial line waits */
  write(stream: Exclude<LogStream, 'system'>, chunk: string): void;
  /** a message from the runner itself (never holds script output, still redacted) */
  system(line: string): void;
  /** reports what is left of partial lines; call once the output has ended */
  flush(): void;
}

/**
 * Turns streamed chunks into redacted lines. Each stream keeps its own partial line so interleaved stdout
 * and stderr chunks never splice into one line.
 */
export function createLineSink(
  secrets: Record<string, string>,
  onLine: (stream: LogStream, line: string) => void,
): LineSink {
  const redact = createRedactor(secrets);
  const pending: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
  const emit = (stream: LogStream, line: string) => onLine(stream, redact(line.replace(/\r$/, '')));
  return {
    write(stream, chunk) {
      const text = pending[stream] + chunk;
      const lines = text.split('\n');
      pending[stream] = lines.pop() ?? '';
      for (const line of lines) emit(stream, line);
    },
    system(line) {
      emit('system', line);
    },
    flush() {
      for (const stream of ['stdout', 'stderr'] as const) {
        if (pending[stream] !== '') emit(stream, pending[stream]);
        pending[stream] = '';
      }
    },
  };
}
