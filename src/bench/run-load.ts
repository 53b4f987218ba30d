import { Worker } from 'node:worker_threads';
import type { LoadJob, LoadResult } from './load-worker.js';

/** Runs the load generator in a worker thread (see load-worker.ts) and returns what it measured. */
export function runLoad(job: LoadJob): Promise<LoadResult> {
  // Built, the worker is the .js beside this file. From source (tsx), a worker thread does not inherit
  // tsx's loader, so the worker registers it before importing the .ts file.
  const fromSource = import.meta.url.endsWith('.ts');
  const file = new URL(`./load-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  const worker = fromSource
    ? new Worker(
        `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); })`,
        { eval: true, workerData: job },
      )
    : new Worker(file, { workerData: job });
  return new Promise((resolve, reject) => {
    worker.once('message', (r: LoadResult) => {
      resolve(r);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load generator exited with ${code}`));
    });
  });
}
