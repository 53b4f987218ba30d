import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The package version, read from package.json beside src/ and dist/ (the same path from both). */
export function soulcasterVersion(): string {
  cached ??= (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
  return cached;
}
