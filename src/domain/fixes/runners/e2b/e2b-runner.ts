import { FileNotFoundError, Sandbox, type CommandHandle } from 'e2b';
import type { E2bConfig } from '../../../../config/sections/runners.js';
import type { Logger } from '../../../../lib/logger.js';
import { AppError } from '../../../errors.js';
import { COLLECT_LIMIT_BYTES, type RunOutcome, type RunRequest, type Runner } from '../../runner.js';
import { createRedactor } from '../../../../lib/redact.js';
import { createLineSink } from '../line-sink.js';
import { startRunDeadline } from '../run-deadline.js';
import { requireE2bApiKey } from './e2b-settings.js';
import { followCommand } from './follow-command.js';
import { jobCommand, jobDirectory } from './job-command.js';

/** Time the sandbox outlives the job's own limit: setup before and the kill after the script. */
const SANDBOX_MARGIN_MS = 60_000;

export interface E2bRunnerOptions {
  config: E2bConfig;
  logger: Logger;
}

/**
 * Runs the job script in a fresh E2B sandbox through the official SDK: create the sandbox from the
 * template, upload the script and the job's files, run it with the job's environment (secrets only as
 * the command's envs, never in a file), stream its output, download the result file, and kill the
 * sandbox whatever happens.
 */
export function createE2bRunner(opts: E2bRunnerOptions): Runner {
  const { config, logger } = opts;
  const apiKey = requireE2bApiKey(config);
  // Everything is passed explicitly so stray E2B_* variables in the process cannot redirect the SDK.
  // The SDK's own logger is not used: its RPC logger would print the start request, envs included.
  const connection = {
    apiKey,
    debug: false,
    ...(config.domain !== undefined && { domain: config.domain }),
    ...(config.apiUrl !== undefined && { apiUrl: config.apiUrl }),
    ...(config.sandboxUrl !== undefined && { sandboxUrl: config.sandboxUrl }),
  };

  return {
    name: 'e2b',
    async run(req: RunRequest): Promise<RunOutcome> {
      const timeoutMs = Math.min(req.timeoutMs, config.timeoutMs);
      const deadline = startRunDeadline({ signal: req.signal, timeoutMs });
      const sink = createLineSink(req.secretEnv, req.onLine);
      const redact = createRedactor(Object.values(req.secretEnv));
      let sandbox: Sandbox | undefined;
      let handle: CommandHandle | undefined;
      let reporting = true;
      const stopped = (): RunOutcome => {
        sink.flush();
        return {
          exitCode: null,
          timedOut: deadline.reason === 'timeout',
          cancelled: deadline.reason === 'cancel',
        };
      };
      try {
        if (deadline.reason !== undefined) return stopped();
        // Not abortable on purpose: a create cut short may still leave a sandbox we could not name and
        // kill; letting it finish means the finally block below always kills what was made.
        sandbox = await Sandbox.create(config.template, {
          ...connection,
          timeoutMs: timeoutMs + SANDBOX_MARGIN_MS,
          // lets an operator find a job's sandbox in E2B's dashboard and API
          metadata: { soulcasterJobId: req.jobId },
        });
        logger.info({ jobId: req.jobId, sandboxId: sandbox.sandboxId }, 'e2b sandbox created');
        sink.system(`e2b sandbox ${sandbox.sandboxId} (template ${config.template})`);
        const dir = jobDirectory(req.jobId);
        await sandbox.files.write(`${dir}/job.sh`, req.script, { signal: deadline.signal });
        for (const [name, content] of Object.entries(req.files ?? {}))
          await sandbox.files.write(`${dir}/work/${name}`, new Blob([new Uint8Array(content)]), {
            signal: deadline.signal,
          });
        const stream = {
          // the SDK's own deadline is a backstop; ours fires first and reports timedOut
          timeoutMs: timeoutMs + SANDBOX_MARGIN_MS,
          signal: deadline.signal,
          onStdout: (chunk: string) => (reporting ? sink.write('stdout', chunk) : undefined),
          onStderr: (chunk: string) => (reporting ? sink.write('stderr', chunk) : undefined),
        };
        handle = await sandbox.commands.run(jobCommand(dir), {
          ...stream,
          background: true,
          envs: { ...req.env, ...req.secretEnv },
        });
        const following = followCommand({
          sandbox,
          handle,
          connect: stream,
          stopping: () => deadline.reason !== undefined,
          onReconnect: (next, attempt) => {
            handle = next;
            sink.flush();
            sink.system(
              `output stream broke; reattached (attempt ${attempt}), lines in between may be missing`,
            );
          },
        });
        const result = await Promise.race([following, deadline.stopped]);
        if (typeof result === 'string') return stopped();
        sink.flush();
        const outcome: RunOutcome = { exitCode: result.exitCode, timedOut: false, cancelled: false };
        if (result.exitCode === 0 && req.collect !== undefined) {
          const collected = await readResult(sandbox, `${dir}/work/${req.collect}`, deadline.signal);
          if (collected !== undefined) outcome.collected = collected;
        }
        return outcome;
      } catch (err) {
        if (deadline.reason !== undefined) return stopped();
        const message = redact(err instanceof Error ? err.message : String(err));
        sink.system(`e2b runner failed: ${message}`);
        throw new AppError('upstream_failed', `E2B runner failed: ${message}`);
      } finally {
        deadline.dispose();
        reporting = false;
        if (handle) await handle.disconnect().catch(() => undefined);
        if (sandbox) {
          const sandboxId = sandbox.sandboxId;
          await sandbox
            .kill({ requestTimeoutMs: 30_000 })
            .then(() => logger.info({ jobId: req.jobId, sandboxId }, 'e2b sandbox killed'))
            .catch((err: unknown) =>
              logger.warn(
                { jobId: req.jobId, sandboxId, err: redact(String(err)) },
                'e2b sandbox kill failed',
              ),
            );
        }
      }
    },
  };
}

/** The result file, streamed and cut off at the size limit; undefined when the script left none. */
async function readResult(sandbox: Sandbox, file: string, signal: AbortSignal): Promise<Buffer | undefined> {
  let stream: ReadableStream<Uint8Array>;
  try {
    stream = await sandbox.files.read(file, { format: 'stream', signal });
  } catch (err) {
    if (err instanceof FileNotFoundError) return undefined;
    throw err;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > COLLECT_LIMIT_BYTES) {
      throw new AppError('payload_too_large', `the job's result exceeds ${COLLECT_LIMIT_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
