import { createRedactor } from '../../../lib/redact.js';
import type { LogStream } from '../runner.js';

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
  const redact = createRedactor(Object.values(secrets));
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
