import { gzipSync } from 'node:zlib';
import type { ContainerOverride } from '@aws-sdk/client-ecs';
import { AppError } from '../../../errors.js';

/** ECS's limit on RunTask `overrides`, JSON punctuation included. */
export const OVERRIDES_LIMIT = 8192;
/** Marks a log line that the script wrote to stderr (awslogs merges both streams into one). */
export const STDERR_MARK = '\u001e';
const SCRIPT_VAR = 'SOULCASTER_JOB_SCRIPT';
const EXCHANGE_VAR = 'SOULCASTER_EXCHANGE_URL';
const FILES_VAR = 'SOULCASTER_JOB_FILES';
const COLLECT_VAR = 'SOULCASTER_JOB_COLLECT';

/**
 * The container's command. The job script travels gzipped and base64-encoded in one environment
 * variable (ECS has no file upload, and gzip stretches the 8 KiB overrides limit), is unpacked into a
 * private directory and run from an empty working directory. The job's files are fetched from the
 * server's one-time capability URL before the script starts, and its result file is handed back there
 * after it exits 0 (curl); the URL is kept in a shell variable, out of the script's environment. Its
 * stderr is re-emitted on stdout with a leading STDERR_MARK per line, because the awslogs driver does not
 * say which stream a line came from. Needs bash, base64 (coreutils), gzip and curl in the image.
 */
const WRAPPER = [
  'd=$(mktemp -d) && mkdir "$d/work" || exit 125',
  `printf %s "$${SCRIPT_VAR}" | base64 -d | gunzip > "$d/job.sh" || exit 125`,
  `x="\${${EXCHANGE_VAR}:-}" files="\${${FILES_VAR}:-}" collect="\${${COLLECT_VAR}:-}"`,
  `unset ${SCRIPT_VAR} ${EXCHANGE_VAR} ${FILES_VAR} ${COLLECT_VAR}`,
  'cd "$d/work" || exit 125',
  'for f in $files; do curl -fsS --retry 3 -o "$f" "$x/files/$f" || exit 125; done',
  `{ bash "$d/job.sh" 2>&1 1>&3 3>&- | while IFS= read -r l || [ -n "$l" ]; do printf '\\036%s\\n' "$l"; done; code=\${PIPESTATUS[0]}; } 3>&1`,
  `if [ "$code" = 0 ] && [ -n "$collect" ] && [ -f "$collect" ]; then curl -fsS --retry 3 -T "$collect" -H 'content-type: application/octet-stream' "$x/result" || exit 125; fi`,
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
  /** the job's files and result travel through this URL (runner-exchange.ts) */
  exchange?: { url: string; files: string[]; collect: string | undefined };
}): ContainerOverride {
  const environment = Object.entries({
    ...opts.env,
    ...opts.secretEnv,
    [SCRIPT_VAR]: gzipSync(opts.script, { level: 9 }).toString('base64'),
    ...(opts.exchange && {
      [EXCHANGE_VAR]: opts.exchange.url,
      [FILES_VAR]: opts.exchange.files.join(' '),
      ...(opts.exchange.collect !== undefined && { [COLLECT_VAR]: opts.exchange.collect }),
    }),
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
