import { z } from 'zod';
import { AppError } from '../errors.js';

/**
 * GitHub's grammar for an account (user or organization) login: letters, digits and hyphens, 1–39
 * characters, not starting with a hyphen. Dots, slashes and percent signs can never appear, so an owner
 * cannot be a path segment such as `..`.
 */
export const repoOwner = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/, 'must be a GitHub account: letters, digits and hyphens, 1–39');

/**
 * A repository's own name: letters, digits, `.`, `_`, `-`, 1–100 characters, and never `.` or `..`
 * (GitHub refuses those; in a URL they are path traversal).
 */
export const repoShortName = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be letters, digits, ".", "_" or "-", 1–100 characters')
  .refine((s) => s !== '.' && s !== '..', 'must not be "." or ".."');

/**
 * `owner/name` of a GitHub repository: the one definition used for projects, clusters, GitHub sources
 * and the sync route. Anything it accepts is safe to put in a URL path as is: two segments, neither a
 * dot segment, with no character that a URL parser decodes or normalizes.
 */
export const repoName = z.string().superRefine((value, ctx) => {
  const parts = value.split('/');
  const [owner, name] = parts;
  if (parts.length !== 2 || owner === undefined || name === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be owner/name, e.g. octo-org/web-app' });
    return;
  }
  for (const [schema, part] of [
    [repoOwner, owner],
    [repoShortName, name],
  ] as const) {
    const r = schema.safeParse(part);
    if (!r.success)
      ctx.addIssue({ code: 'custom', message: `"${part}" ${r.error.issues[0]?.message ?? 'is invalid'}` });
  }
});

/** For code that builds a GitHub URL from a stored name: refuses anything the schema would. */
export function assertRepoName(value: string): string {
  const r = repoName.safeParse(value);
  if (!r.success)
    throw new AppError('validation_failed', `invalid repository "${value}": ${r.error.issues[0]?.message}`);
  return value;
}
