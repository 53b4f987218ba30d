import type { ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

/** How long output may still drain after the script exited, before its pipes are closed. */
const DRAIN_MS = 1000;

/**
 * Resolves once the job's script has exited, never later: the process group is killed (SIGKILL), output
 * already written drains for a moment, and then the pipes are closed. Waiting for the pipes' own end
 * ('close') would wait for every process holding them, and a process the agent started with
 * `setsid … &` leaves the group but keeps stdout open; the job must not wait for it.
 */
export function onScriptExit(
  child: ChildProcess,
  done: (code: number | null, signal: NodeJS.Signals | null) => void,
): void {
  child.once('exit', (code, signal) => {
    killGroup(child.pid, 'SIGKILL');
    const finish = () => {
      clearTimeout(timer);
      child.stdout?.destroy();
      child.stderr?.destroy();
      done(code, signal);
    };
    const timer = setTimeout(finish, DRAIN_MS);
    child.once('close', finish);
  });
}

export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}

/**
 * Kills every process that still carries the job's marker in its environment (`SOULCASTER_RUN_ID=<id>`):
 * the ones that left the process group (setsid, double fork). Best effort, for hosts without a pid
 * namespace: a process that clears its environment escapes it, but no longer holds the job open.
 * Returns how many were killed.
 */
export async function killMarkedProcesses(marker: string): Promise<number> {
  let killed = 0;
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((p) => /^\d+$/.test(p));
  } catch {
    return 0; // no procfs
  }
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue;
    try {
      const env = (await readFile(`/proc/${pid}/environ`)).toString('utf8').split('\0');
      if (!env.includes(marker)) continue;
      process.kill(Number(pid), 'SIGKILL');
      killed++;
    } catch {
      // gone, or not ours to read
    }
  }
  return killed;
}
