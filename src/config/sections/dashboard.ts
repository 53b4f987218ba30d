import { z } from 'zod';
import { envString } from '../parse-helpers.js';

/** Where the built dashboard (Vite output) lives; by default web/dist next to the package. */
export const dashboardSection = z
  .object({ SOULCASTER_WEB_DIST: envString() })
  .transform((e) => ({ distDir: e.SOULCASTER_WEB_DIST }));
