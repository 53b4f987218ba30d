import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../../errors.js';

/** Validates a vendor payload; a shape we cannot read is the sender's error (400), never a 500. */
export function parsePayload<S extends z.ZodType>(source: string, schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
    throw new AppError(
      'malformed_payload',
      `not a ${source} payload${where}: ${first?.message ?? 'unreadable'}`,
    );
  }
  return result.data;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Epoch seconds or milliseconds (Datadog sends ms as strings) or ISO text → Date; undefined when unreadable. */
export function toDate(value: unknown): Date | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value))) {
    const n = Number(value);
    const d = new Date(n > 1e11 ? n : n * 1000);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  if (typeof value === 'string') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

export const httpUrl = (value: unknown): string | undefined =>
  typeof value === 'string' && /^https?:\/\/\S+$/.test(value) ? value : undefined;
