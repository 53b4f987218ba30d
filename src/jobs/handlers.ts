import type { Services } from '../services.js';
import type { JobHandlers } from './define-job.js';
import type { AppJobCatalog } from './catalog.js';

/** Each handler is one line into the domain. A job kind without a handler waits in the queue (logged at start). */
export function createJobHandlers(_services: Services): Partial<JobHandlers<AppJobCatalog>> {
  return {};
}
