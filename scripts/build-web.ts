// Builds the dashboard (web/) with Vite unless web/dist already matches the sources.
//   tsx scripts/build-web.ts            build always
//   tsx scripts/build-web.ts --if-stale build only when sources changed since the last build
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webDir = path.join(root, 'web');
const distDir = path.join(webDir, 'dist');
const stampFile = path.join(distDir, '.source-hash');

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else out.push(p);
  }
  return out;
}

/** A hash of everything the bundle is made from: web sources, config, and the locked dependency tree. */
export async function webSourceHash(): Promise<string> {
  const files = [
    ...(await listFiles(path.join(webDir, 'src'))),
    path.join(webDir, 'index.html'),
    path.join(webDir, 'vite.config.ts'),
    path.join(root, 'package-lock.json'),
  ].sort();
  const hash = createHash('sha256').update('production\0');
  for (const f of files)
    hash
      .update(path.relative(root, f))
      .update('\0')
      .update(await readFile(f));
  return hash.digest('hex');
}

export async function isWebBuildCurrent(): Promise<boolean> {
  const [want, have] = await Promise.all([webSourceHash(), readFile(stampFile, 'utf8').catch(() => '')]);
  const hasIndex = await readFile(path.join(distDir, 'index.html')).then(
    () => true,
    () => false,
  );
  return hasIndex && have.trim() === want;
}

/** gzip and brotli twins of every text asset, served by @fastify/static's preCompressed option. */
async function precompress(dir: string): Promise<void> {
  for (const file of await listFiles(dir)) {
    if (!/\.(js|css|svg|json|html)$/.test(file)) continue;
    const data = await readFile(file);
    await writeFile(`${file}.gz`, gzipSync(data, { level: 9 }));
    await writeFile(
      `${file}.br`,
      brotliCompressSync(data, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }),
    );
  }
}

export async function buildWeb(
  opts: { ifStale?: boolean; log?: (m: string) => void } = {},
): Promise<boolean> {
  const log = opts.log ?? ((m: string) => console.error(m));
  if (opts.ifStale && (await isWebBuildCurrent())) return false;
  const hash = await webSourceHash();
  log('building the dashboard (vite build web/)…');
  const { build } = await import('vite');
  // Vite takes NODE_ENV from the environment when it is set, and vitest sets it to "test", which would
  // ship React's development build; the dashboard is always built for production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(webDir, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  await precompress(path.join(distDir, 'assets'));
  await writeFile(stampFile, hash + '\n');
  log(`dashboard built into ${path.relative(root, distDir)}/`);
  return true;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  buildWeb({ ifStale }).then(
    (built) => {
      if (!built) console.error('dashboard is up to date (web/dist)');
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
