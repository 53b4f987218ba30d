import type { Queryable } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { Redactor } from '../../lib/redact.js';
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
    const { rows } = await this.deps.db.query<{ max: number | null }>(
      'select max(seq) as max from job_log_lines where agent_job_id = $1',
      [this.jobId],
    );
    this.seq = rows[0]?.max ?? 0;
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
        await this.deps.db.query(
          `insert into job_log_lines (project_id, agent_job_id, seq, ts, stream, line)
           select $1, $2, s, t, st, l from unnest($3::int[], $4::timestamptz[], $5::text[], $6::text[]) as x(s, t, st, l)`,
          [
            this.projectId,
            this.jobId,
            batch.map((b) => b.seq),
            batch.map((b) => b.ts),
            batch.map((b) => b.stream),
            batch.map((b) => b.line),
          ],
        );
      } catch (err) {
        this.deps.logger.error({ err, jobId: this.jobId }, 'could not store job log lines');
      }
    });
    return this.writing;
  }
}
