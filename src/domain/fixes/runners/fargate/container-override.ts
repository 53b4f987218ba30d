import { gzipSync } from 'node:zlib';
import type { ContainerOverride } from '@aws-sdk/client-ecs';
import { AppError } from '../../../errors.js';

/** ECS's limit on RunTask `overrides`, JSON punctuation included. */
export const OVERRIDES_LIMIT = 8192;
/** Marks a log line that the script wrote to stderr (awslogs merges both streams into one). */
export const STDERR_MARK = '\u001e';
const SCRIPT_VAR = 'SOULCASTER_JOB_SCRIPT';

/**
 * The container's command. The job script travels gzipped and base64-encoded in one environment
 * variable (ECS has no file upload, and gzip stretches the 8 KiB overrides limit), is unpacked into a
 * private directory and run from an empty working directory. Its stderr is re-emitted on stdout with a
 * leading STDERR_MARK per line, because the awslogs driver does not say which stream a line came from.
 * Needs bash, base64 (coreutils) and gzip in the image.
 */
const WRAPPER = [
  'd=$(mktemp -d) && mkdir "$d/work" || exit 125',
  `printf %s "$${SCRIPT_VAR}" | base64 -d | gunzip > "$d/job.sh" || exit 125`,
  `unset ${SCRIPT_VAR}`,
  'cd "$d/work" || exit 125',
  `{ bash "$d/job.sh" 2>&1 1>&3 3>&- | while IFS= read -r l || [ -n "$l" ]; do printf '\\036%s\\n' "$l"; done; code=\${PIPESTATUS[0]}; } 3>&1`,
  'exit "$code"',
].join('\n');

/**
 * Secrets go in as environment overrides: ECS `secrets` (Secrets Manager / SSM references) exist only in
 * task definitions, not in RunTask overrides, so a per-job token cannot use them. docs/RUNNERS.md says
 * who can read override values and how to narrow that.
 */
export function buildContainerOverride(opts: {
  containerName: string;
  script: string;
  env: Record<string, string>;
  secretEnv: Record<string, string>;
}): ContainerOverride {
  const environment = Object.entries({
    ...opts.env,
    ...opts.secretEnv,
    [SCRIPT_VAR]: gzipSync(opts.script, { level: 9 }).toString('base64'),
  }).map(([name, value]) => ({ name, value }));
  const override: ContainerOverride = {
    name: opts.containerName,
    command: ['bash', '-c', WRAPPER],
    environment,
  };
  const size = JSON.stringify({ containerOverrides: [override] }).length;
  if (size > OVERRIDES_LIMIT)
    throw new AppError(
      'payload_too_large',
      `The job is too large for an ECS RunTask override (${size} of ${OVERRIDES_LIMIT} characters after gzip); use the e2b or local runner for it.`,
      { size, limit: OVERRIDES_LIMIT },
    );
  return override;
}
