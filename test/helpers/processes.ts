import { readdirSync, readFileSync } from 'node:fs';

/**
 * Host processes whose command line holds `marker`, running and not zombies (a killed orphan stays a
 * zombie until this container's init reaps it). Found by command line, not by pid: inside the sandbox's
 * pid namespace a job cannot know its host pids.
 */
export const alive = (marker: string) =>
  readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .some((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return (
          cmdline.includes(marker) && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
        );
      } catch {
        return false;
      }
    });

/** A sleep whose command line no other process has. */
export const sleepFor = (seconds = 60) => `sleep ${(seconds + Math.random()).toFixed(6)}`;
