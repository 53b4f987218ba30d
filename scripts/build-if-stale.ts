// `npm start` builds only what changed: the server (tsc into dist/) when its sources' hash differs from
// the one recorded at its last build, the dashboard (web/dist) likewise (scripts/build-web.ts), and the
// template new data directories start from (src/db/pgdata-template.ts) when the schema changed.
// `npm run build` builds the server and dashboard unconditionally.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPgdataTemplate } from '../src/embedded/build-pgdata-template.js';
import { fileExists, pgdataTemplateFile } from '../src/db/pgdata-template.js';
import { jobCatalog } from '../src/queue/catalog.js';
import { buildWeb } from './build-web.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = path.join(root, 'dist', '.source-hash');

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else out.push(p);
  }
  return out;
}

async function serverSourceHash(): Promise<string> {
  const files = [
    ...(await listFiles(path.join(root, 'src'))),
    path.join(root, 'tsconfig.json'),
    path.join(root, 'tsconfig.build.json'),
    path.join(root, 'package-lock.json'),
  ].sort();
  const hash = createHash('sha256');
  for (const f of files)
    hash
      .update(path.relative(root, f))
      .update('\0')
      .update(await readFile(f));
  return hash.digest('hex');
}

async function buildServerIfStale(): Promise<boolean> {
  const [want, have] = await Promise.all([serverSourceHash(), readFile(stampFile, 'utf8').catch(() => '')]);
  const built = await readFile(path.join(root, 'dist', 'cli', 'entry.js')).then(
    () => true,
    () => false,
  );
  if (built && have.trim() === want) return false;
  console.error('building the server (tsc -p tsconfig.build.json)…');
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  await writeFile(stampFile, want + '\n');
  return true;
}

async function buildTemplateIfMissing(): Promise<boolean> {
  if (await fileExists(await pgdataTemplateFile(Object.keys(jobCatalog)))) return false;
  console.error('building the new-database template (initdb, migrations, queue schema)…');
  await buildPgdataTemplate();
  return true;
}

const server = await buildServerIfStale();
const web = await buildWeb({ ifStale: true });
const template = await buildTemplateIfMissing();
if (!server && !web && !template) console.error('server, dashboard and database template are up to date');
