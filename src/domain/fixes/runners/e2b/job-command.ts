import { CommandExitError, type CommandHandle } from 'e2b';

/**
 * The job's files live under the sandbox user's home: relative paths given to envd resolve there, and
 * the command finds them through $HOME, so nothing depends on the template's user name.
 */
export function jobDirectory(jobId: string): string {
  return `soulcaster-job-${jobId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** Runs the uploaded script from an empty working directory, as the Runner contract promises. */
export function jobCommand(dir: string): string {
  const base = `"$HOME/${dir}"`;
  return `mkdir -p ${base}/work && cd ${base}/work && exec bash ${base}/job.sh`;
}

/** The SDK rejects a non-zero exit with CommandExitError; for a runner that is just an exit code. */
export async function awaitCommand(handle: CommandHandle): Promise<{ exitCode: number }> {
  try {
    const result = await handle.wait();
    return { exitCode: result.exitCode };
  } catch (err) {
    if (err instanceof CommandExitError) return { exitCode: err.exitCode };
    throw err;
  }
}
