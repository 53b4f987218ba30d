import { z } from 'zod';
import { fixSettings } from '../../domain/fixes/fix-settings.js';

const settingValue = z.union([z.string(), z.number(), z.boolean()]).nullable();

/** One recorded change of a project's fix settings: who, when, and each field's old → new value. */
export const fixSettingsChangeView = z.object({
  id: z.string(),
  at: z.date(),
  actor: z.object({ id: z.string(), login: z.string() }).nullable(),
  changes: z.array(
    z.object({ field: z.enum(fixSettings.keyof().options), old: settingValue, new: settingValue }),
  ),
});
