import type { Queryable } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { Redactor } from '../../lib/redact.js';
import { insertFixLogLines, lastFixLogSeq } from './fix-repository.js';
import type { LogStream } from './runner.js';

/**
 * Stores a job's output lines (seq, timestamp, stream) as they arrive, in small batches so a chatty agent
 * costs a query per batch, not per line. Every line is redacted again here, whatever the runner did.
 */
export class FixLog {
  private seq = 0;
  private buffer: { seq: number; ts: Date; stream: LogStream; line: string }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: { db: Queryable; clock: Clock; logger: Logger },
    private readonly projectId: string,
    private readonly jobId: string,
    private readonly redact: Redactor,
    private readonly flushMs = 200,
  ) {}

  /** continue numbering after lines an earlier run of this job already stored */
  async init(): Promise<void> {
    this.seq = await lastFixLogSeq(this.deps.db, { fixId: this.jobId });
  }

  add(stream: LogStream, line: string): void {
    this.buffer.push({
      seq: ++this.seq,
      ts: this.deps.clock.now(),
      stream,
      line: this.redact(line).slice(0, 8000),
    });
    if (this.buffer.length >= 200) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  system(line: string): void {
    this.add('system', line);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length === 0) return this.writing;
    this.writing = this.writing.then(async () => {
      try {
        await insertFixLogLines(this.deps.db, { projectId: this.projectId, fixId: this.jobId, lines: batch });
      } catch (err) {
        this.deps.logger.error({ err, jobId: this.jobId }, 'could not store job log lines');
      }
    });
    return this.writing;
  }
}
