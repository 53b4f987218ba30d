import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Where `name` resolves on a PATH string (as `command -v` would), or undefined. Used for the local
 * runner, whose sandbox PATH is known to the server; a remote runner's image is not.
 */
export function findExecutable(name: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(':')) {
    if (dir === '') continue;
    const candidate = path.join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
