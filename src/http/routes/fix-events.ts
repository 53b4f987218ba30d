import type { FastifyReply, FastifyRequest } from 'fastify';
import { getFix, terminalStatuses } from '../../domain/fixes/fix.js';
import { readFixLogs } from '../../domain/fixes/list-fixes.js';
import type { Services } from '../../services.js';

const BATCH = 500;

/**
 * Server-Sent Events for one job: `event: log` per stored line (id = seq, so a reconnecting browser's
 * Last-Event-ID resumes after the last line it saw) and `event: status` with the job view whenever it
 * changes. Reads the database, so it works whichever process runs the job; ends once the job is over and
 * every line was sent.
 */
export async function streamFixEvents(
  deps: Services,
  req: FastifyRequest,
  reply: FastifyReply,
  projectId: string,
  jobId: string,
  pollMs = 500,
): Promise<void> {
  await getFix(deps.db.pool, projectId, jobId); // 404 before the stream starts
  const header = req.headers['last-event-id'];
  const fromQuery = (req.query as { after?: string }).after;
  let after = Number(Array.isArray(header) ? header[0] : (header ?? fromQuery ?? 0)) || 0;
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  let closed = false;
  // the response's close, not the request's: a GET's request stream closes as soon as it is read
  res.on('close', () => (closed = true));
  let lastStatus = '';
  let lastWrite = performance.now();
  try {
    while (!closed) {
      // status first, then lines: a job's lines are stored before it is marked over, so once a finished
      // status is read, the lines read after it are all there are
      const job = await getFix(deps.db.pool, projectId, jobId);
      const lines = await readFixLogs(deps.db.pool, projectId, jobId, after, BATCH);
      for (const l of lines) {
        res.write(`id: ${l.seq}\nevent: log\ndata: ${JSON.stringify(l)}\n\n`);
        after = l.seq;
      }
      const status = JSON.stringify(job);
      const changed = status !== lastStatus;
      if (changed) {
        res.write(`event: status\ndata: ${status}\n\n`);
        lastStatus = status;
      }
      if (lines.length > 0 || changed) lastWrite = performance.now();
      if (terminalStatuses.includes(job.status) && lines.length < BATCH) break;
      if (performance.now() - lastWrite > 15_000) {
        res.write(': keep-alive\n\n');
        lastWrite = performance.now();
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  } catch (err) {
    deps.logger.warn({ err, jobId }, 'job event stream stopped');
  }
  res.end();
}
