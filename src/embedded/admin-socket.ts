import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';

// sockaddr_un holds 108 bytes on Linux (104 on macOS) including the terminating NUL
const MAX_SOCKET_PATH = 100;

/**
 * Where `serve` listens for CLI commands: beside the data, or (when that path is too long for a unix
 * socket) in the temp directory under a name derived from the data directory. The lock file records the
 * path either way, so clients never guess it.
 */
export function adminSocketPath(dataDir: string): string {
  const beside = path.join(path.resolve(dataDir), 'admin.sock');
  if (Buffer.byteLength(beside) <= MAX_SOCKET_PATH) return beside;
  const digest = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  return path.join(tmpdir(), `soulcaster-${digest}.sock`);
}
