import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandConnectOpts, CommandHandle, Sandbox } from 'e2b';
import { awaitCommand } from './job-command.js';

/** Attempts to re-attach to a running command whose output stream broke. */
export const MAX_RECONNECTS = 3;

/**
 * Waits for the command, re-attaching (envd's process Connect) when the output stream breaks while the
 * process may still be running: an agent run lasts many minutes and one dropped HTTP stream should not
 * fail it. Output written while detached is lost; the caller is told so it can say so in the log.
 */
export async function followCommand(opts: {
  sandbox: Sandbox;
  handle: CommandHandle;
  connect: CommandConnectOpts;
  stopping: () => boolean;
  onReconnect: (handle: CommandHandle, attempt: number) => void;
}): Promise<{ exitCode: number }> {
  let handle = opts.handle;
  for (let attempt = 1; ; attempt++) {
    try {
      return await awaitCommand(handle);
    } catch (err) {
      if (opts.stopping() || attempt > MAX_RECONNECTS) throw err;
      await handle.disconnect().catch(() => undefined);
      await sleep(200 * attempt);
      handle = await opts.sandbox.commands.connect(handle.pid, opts.connect);
      opts.onReconnect(handle, attempt);
    }
  }
}
