import { z } from 'zod';
import { AppError } from './errors.js';

/** Parses domain input; a failure is the caller's mistake (400 validation_failed), never a 500. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, what = 'input'): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success)
    throw new AppError('validation_failed', `invalid ${what}: ${z.prettifyError(result.error)}`);
  return result.data;
}
