import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile, rename, stat, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrationsDir } from './migrate.js';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

// a package's own package.json (some packages do not export it, so it is read from its folder)
const versionOf = (pkg: string): string => {
  try {
    const file = path.join(packageRoot, 'node_modules', pkg, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
};

/**
 * Creating a PGlite database runs initdb in WebAssembly (5–15 s), then the migrations and the queue's
 * schema. A new data directory instead starts from a dump of exactly that, made once by the build
 * (`npm run build`, `npm start`): the file is named by a hash of everything that shapes the schema, so a
 * stale dump is simply not found and the slow path runs.
 */
export async function pgdataTemplateFile(queueNames: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const pkg of ['@electric-sql/pglite', '@electric-sql/pglite-pgvector', 'pg-boss'])
    hash.update(`${pkg}@${versionOf(pkg)}\0`);
  const files = (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).sort();
  for (const f of files) hash.update(f).update(await readFile(path.join(migrationsDir, f)));
  hash.update([...queueNames].sort().join(','));
  // what the template itself sets (its cache size): bump when that changes
  hash.update('settings-v2');
  return path.join(
    packageRoot,
    'node_modules',
    '.cache',
    'soulcaster',
    `pgdata-${hash.digest('hex').slice(0, 16)}.tar.gz`,
  );
}

export const fileExists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

/** Writes a dump atomically (a half-written template must never be loaded). */
export async function writePgdataTemplate(file: string, dump: Blob): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.${process.pid}.tmp`, Buffer.from(await dump.arrayBuffer()));
  await rename(`${file}.${process.pid}.tmp`, file);
}
