import { AppError } from './errors.js';

/** Opaque keyset cursors: the sort key and id of the last row, base64url JSON. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): unknown[] | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v)) return v;
  } catch {
    // fall through
  }
  throw new AppError('bad_request', 'invalid cursor');
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
