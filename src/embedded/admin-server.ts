import { chmod, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { AppError, errorStatus } from '../domain/errors.js';
import type { Logger } from '../lib/logger.js';

/** One command the CLI may run inside the process that owns the data directory. */
export type AdminHandler = (input: unknown) => Promise<unknown>;

export interface AdminServer {
  socket: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new AppError('payload_too_large', 'admin request over 64 MiB');
    chunks.push(chunk);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new AppError('malformed_payload', 'admin request body is not JSON');
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * HTTP over a unix socket (mode 0600, so only the owner of the data may connect): `POST /<command>` with
 * a JSON body, answered with JSON or the usual `{"error":{"code","message"}}`. No TCP port is opened.
 */
export async function startAdminServer(opts: {
  socket: string;
  handlers: Record<string, AdminHandler>;
  logger: Logger;
}): Promise<AdminServer> {
  const { socket, handlers, logger } = opts;
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').slice(1);
    const handler = req.method === 'POST' ? handlers[name] : undefined;
    void (async () => {
      if (handler === undefined) {
        send(res, 404, { error: { code: 'not_found', message: `no admin command ${name}` } });
        return;
      }
      try {
        send(res, 200, await handler(await readBody(req)));
      } catch (err) {
        if (err instanceof AppError) {
          send(res, errorStatus[err.code], { error: { code: err.code, message: err.message } });
          return;
        }
        logger.error({ err, command: name }, 'admin command failed');
        send(res, 500, { error: { code: 'internal', message: (err as Error).message } });
      }
    })();
  });
  // only the lock holder gets here, so a socket file left by a crashed holder is safe to replace
  await rm(socket, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => {
      server.off('error', reject);
      resolve();
    });
  });
  await chmod(socket, 0o600);
  return {
    socket,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(socket, { force: true });
    },
  };
}
