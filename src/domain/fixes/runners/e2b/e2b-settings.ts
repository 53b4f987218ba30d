import type { E2bConfig } from '../../../../config/sections/runners.js';
import { AppError } from '../../../errors.js';

/** The API key every E2B request needs, checked before any request so a missing key fails clearly. */
export function requireE2bApiKey(config: Pick<E2bConfig, 'apiKey'>): string {
  if (config.apiKey === undefined)
    throw new AppError('unavailable', 'The E2B runner needs E2B_API_KEY (see .env.example).', {
      missing: ['E2B_API_KEY'],
    });
  return config.apiKey;
}
