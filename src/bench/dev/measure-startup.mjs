#!/usr/bin/env node
// Measures `soulcaster serve` on embedded defaults: time from spawn until /healthz answers, and resident
// memory once it does. Runs a first start (fresh data dir: creates the database) and warm restarts.
// Usage: npm run build && node bench/measure-startup.mjs [runs=3]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const runs = Number(process.argv[2] ?? 3);
const dataDir = mkdtempSync(path.join(tmpdir(), 'sc-startup-'));
const port = 38000 + Math.floor(Math.random() * 1000);

async function once(label) {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/soulcaster.js', 'serve', '--port', String(port)], {
    env: { ...process.env, SOULCASTER_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (performance.now() - started > 120_000) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 25));
  }
  const ms = performance.now() - started;
  await new Promise((r) => setTimeout(r, 1000)); // let start-up allocations settle
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const rssMiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
  const row = { run: label, readyMs: Math.round(ms), rssMiB: Math.round(rssMiB) };
  console.log(JSON.stringify(row));
  return row;
}

const results = [await once('first start (new database)')];
for (let i = 0; i < runs; i++) results.push(await once(`warm restart ${i + 1}`));
rmSync(dataDir, { recursive: true, force: true });
const warm = results
  .slice(1)
  .map((r) => r.readyMs)
  .sort((a, b) => a - b);
console.log(
  JSON.stringify({
    firstStartMs: results[0].readyMs,
    warmMedianMs: warm[Math.floor(warm.length / 2)],
    rssMiB: results.at(-1).rssMiB,
  }),
);
