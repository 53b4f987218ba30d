import { fixSettings } from '../../domain/fixes/fix-settings.js';

/** GET/PUT …/settings/fix: the project's own choices; an absent field falls back to the server's default */
export const fixSettingsView = fixSettings;
