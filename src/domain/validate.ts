import type { z } from 'zod';
import { AppError } from './errors.js';
import { joinProblems, readableIssues } from './readable-issues.js';

/**
 * Parses domain input; a failure is the caller's mistake (400 validation_failed), never a 500. The message
 * says what is wrong in words; details.fields names each field for a form to point at.
 */
export function validate<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what = 'input',
  labels: Record<string, string> = {},
): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error, what, labels);
  return result.data;
}

export function validationError(error: z.ZodError, what: string, labels: Record<string, string> = {}) {
  const fields = readableIssues(error.issues, labels);
  return new AppError('validation_failed', `Invalid ${what}: ${joinProblems(fields)}`, { fields });
}
