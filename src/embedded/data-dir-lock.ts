import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../domain/errors.js';

/**
 * Who holds an embedded data directory. PGlite is an in-process database: two processes opening the same
 * directory each see their own copy and overwrite each other's files, so exactly one process may open it.
 */
export const lockHolder = z.object({
  pid: z.number().int().positive(),
  /** the holder's start time in clock ticks since boot (Linux /proc), to tell a live holder from a reused pid */
  procStart: z.string().optional(),
  startedAt: z.string(),
  /** the command holding it: `serve`, `worker`, `migrate`, `project create`, `ingest` */
  command: z.string(),
  /** the admin socket, when the holder accepts commands from the CLI (serve does) */
  socket: z.string().optional(),
});
export type LockHolder = z.infer<typeof lockHolder>;

export const lockFileName = 'soulcaster.lock';

/** Field 22 of /proc/<pid>/stat (start time); undefined where /proc is unavailable. */
function procStartOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may contain spaces and parentheses: count fields after its last ')'
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function alive(holder: LockHolder): boolean {
  // A crashed holder's pid may have been reused by this very process (pid 1 in a restarted container):
  // only the start time tells that apart from this process holding the directory already.
  if (holder.pid === process.pid)
    return holder.procStart !== undefined && holder.procStart === procStartOf(process.pid);
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = procStartOf(holder.pid);
  return holder.procStart === undefined || now === undefined || now === holder.procStart;
}

/** The live holder of the directory, or undefined when it is free (no lock, or one a crash left behind). */
export async function readLockHolder(dataDir: string): Promise<LockHolder | undefined> {
  const holder = await readLockFile(dataDir);
  return holder !== undefined && alive(holder) ? holder : undefined;
}

async function readLockFile(dataDir: string): Promise<LockHolder | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dataDir, lockFileName), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  // a lock file cut short by a crash while it was being written holds no live process either
  return lockHolder.safeParse(safeJson(text)).data;
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(`${dataDir} is in use by \`soulcaster ${holder.command}\` (pid ${holder.pid})`);
    this.name = 'DataDirBusyError';
  }
}

export interface DataDirLock {
  readonly dataDir: string;
  readonly holder: LockHolder;
  /** records the admin socket once it listens, so CLI commands find it */
  setSocket(socket: string): Promise<void>;
  release(): Promise<void>;
}

/**
 * Takes the directory for this process or throws DataDirBusyError naming the live holder. A lock left by
 * a crashed process (its pid gone, or reused by another process since) is taken over. The file is written
 * whole to a temporary name and then renamed, so a reader never sees half of it.
 */
export async function acquireDataDirLock(dataDir: string, command: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, lockFileName);
  let holder: LockHolder = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    command,
    ...(procStartOf(process.pid) !== undefined ? { procStart: procStartOf(process.pid) } : {}),
  };
  const write = async (h: LockHolder, flag: 'wx' | 'w') => {
    if (flag === 'wx') {
      await writeFile(file, JSON.stringify(h) + '\n', { flag: 'wx', mode: 0o600 });
      return;
    }
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(h) + '\n', { mode: 0o600 });
    await rename(tmp, file);
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await write(holder, 'wx');
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw err;
    }
    const current = await readLockHolder(dataDir);
    if (current !== undefined) throw new DataDirBusyError(dataDir, current);
    // stale: remove it and race for the exclusive create again (a concurrent starter may win)
    await rm(file, { force: true });
  }
  // A concurrent starter that judged the same stale lock could have removed ours between our create and
  // now; reading back settles who won before the database is opened.
  const mine = await readLockFile(dataDir);
  if (mine?.pid !== process.pid || mine.startedAt !== holder.startedAt) {
    const winner = await readLockHolder(dataDir);
    throw winner !== undefined
      ? new DataDirBusyError(dataDir, winner)
      : new Error(`lost the race for ${file}; try again`);
  }
  let released = false;
  return {
    dataDir,
    get holder() {
      return holder;
    },
    async setSocket(socket: string) {
      holder = { ...holder, socket };
      await write(holder, 'w');
    },
    async release() {
      if (released) return;
      released = true;
      const current = await readLockFile(dataDir).catch(() => undefined);
      if (current?.pid === process.pid && current.startedAt === holder.startedAt)
        await rm(file, { force: true });
    },
  };
}

/** The message a refused command prints: who holds the directory and what to do instead. */
export function busyError(err: unknown, command: string): unknown {
  if (!(err instanceof DataDirBusyError)) return err;
  const { holder, dataDir } = err;
  const who = `\`soulcaster ${holder.command}\` (pid ${holder.pid}, since ${holder.startedAt})`;
  const advice =
    command === 'serve' || command === 'worker'
      ? holder.command === 'serve'
        ? command === 'worker'
          ? 'that serve already runs the workers; separate worker processes need DATABASE_URL (scaled mode)'
          : 'only one serve may use an embedded data directory: stop it first, or set SOULCASTER_DATA_DIR to another directory'
        : 'wait for it to finish, then start again'
      : 'wait for it to finish and run this again (while `soulcaster serve` runs, CLI commands go through it)';
  return new AppError('conflict', `${dataDir} is in use by ${who}: ${advice}`);
}
