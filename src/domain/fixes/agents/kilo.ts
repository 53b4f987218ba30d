import type { CodingAgent } from '../coding-agent.js';
import { shq, taskArg } from './shell-quote.js';

/**
 * What makes Kilo headless and safe to leave alone: every tool permission answered "allow" (there is
 * nobody to answer a prompt; the sandbox is the boundary), no self-update, no session sharing. Passed as
 * KILO_CONFIG_CONTENT, which Kilo merges over its global and the repository's own kilo.json, so a
 * repository cannot turn prompts back on.
 */
const headless = {
  permission: { edit: 'allow', bash: 'allow', webfetch: 'allow', external_directory: 'deny' },
  autoupdate: false,
  share: 'disabled',
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const merge = (a: Json, b: Json): Json => {
  const out: Json = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isObject(v) && isObject(out[k]) ? merge(out[k], v) : v;
  return out;
};

/**
 * Kilo Code CLI (`@kilocode/cli`), the default agent. `kilo run --auto` is its documented headless mode:
 * one message, permissions auto-approved, exits when done. The model is `provider/model`. `extraConfig`
 * (SOULCASTER_KILO_CONFIG) adds the operator's settings, typically a provider with its base URL.
 */
export function kiloAgent(extraConfig: Json = {}): CodingAgent {
  return {
    name: 'kilo',
    binary: 'kilo',
    installHint: 'npm install -g @kilocode/cli',
    command: ({ taskFile, model }) =>
      `kilo run --auto${model ? ` --model ${shq(model)}` : ''} ${taskArg(taskFile)}`,
    // Kilo reaches models through its gateway (KILO_API_KEY) or a provider configured for it
    requiredEnv: [],
    // the headless settings are applied last so the operator's config cannot re-enable prompts
    env: { KILO_CONFIG_CONTENT: JSON.stringify(merge(extraConfig, headless)) },
  };
}
