import { request } from 'node:http';
import { AppError, errorStatus, type ErrorCode } from '../domain/errors.js';

/** Calls a command of the admin socket; an error answer is rethrown as the AppError the server raised. */
export function callAdmin<T>(socket: string, command: string, input: unknown): Promise<T> {
  const body = JSON.stringify(input);
  return new Promise<T>((resolve, reject) => {
    const req = request(
      {
        socketPath: socket,
        path: `/${command}`,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            reject(new Error(`the server answered ${res.statusCode} with non-JSON: ${text.slice(0, 200)}`));
            return;
          }
          if (res.statusCode === 200) {
            resolve(parsed as T);
            return;
          }
          const err = (parsed as { error?: { code?: string; message?: string } }).error;
          const code = err?.code;
          reject(
            code !== undefined && code in errorStatus
              ? new AppError(code as ErrorCode, err?.message ?? code)
              : new Error(`the server failed: ${err?.message ?? text}`),
          );
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
