#!/usr/bin/env node
// Runs the compiled CLI (npm run build). During development use `npm run dev -- <command>`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/entry.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('soulcaster is not built yet: run `npm run build` first.');
  process.exit(1);
}
await import(entry.href);
