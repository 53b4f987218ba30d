import { buildWeb } from '../../scripts/build-web.js';

/** The browser tests need the real bundle: build web/ when web/dist is missing or older than its sources. */
export default async function setup(): Promise<void> {
  await buildWeb({ ifStale: true });
}
