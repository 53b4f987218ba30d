import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadJob {
  url: string;
  path: string;
  headers: Record<string, string>;
  seconds: number;
  connections: number;
  /** prefix of each request's unique external id */
  prefix: string;
}

export interface LoadResult {
  requests: number;
  latenciesMs: number[];
  statuses: Record<string, number>;
  errors: number;
  /** external ids of the requests answered 2xx: each must be stored (and clustered) afterwards */
  acceptedIds: string[];
}

/**
 * The load generator of `bench webhooks`, in its own thread so sending does not share an event loop with
 * the server it measures: `connections` keep-alive connections, each sending its next request as soon as
 * the previous one is answered, for `seconds`.
 */
async function run(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
  const target = new URL(job.url);
  const result: LoadResult = { requests: 0, latenciesMs: [], statuses: {}, errors: 0, acceptedIds: [] };
  const end = performance.now() + job.seconds * 1000;
  let serial = 0;
  const send = (externalId: string) =>
    new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({
        title: `Checkout fails with error ${serial % 97}`,
        body: 'Steps to reproduce: open the cart and press pay.',
        externalId,
      });
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: job.path,
          method: 'POST',
          headers: { ...job.headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const loop = async () => {
    while (performance.now() < end) {
      const externalId = `${job.prefix}-${serial++}`;
      const t0 = performance.now();
      try {
        const status = await send(externalId);
        result.latenciesMs.push(performance.now() - t0);
        result.statuses[status] = (result.statuses[status] ?? 0) + 1;
        if (status >= 200 && status < 300) result.acceptedIds.push(externalId);
      } catch {
        result.errors++;
      }
      result.requests++;
    }
  };
  await Promise.all(Array.from({ length: job.connections }, loop));
  agent.destroy();
  return result;
}

if (parentPort !== null) {
  const port = parentPort;
  void run(workerData as LoadJob).then((r) => port.postMessage(r));
}
