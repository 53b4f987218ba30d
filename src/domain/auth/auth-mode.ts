import type { Config } from '../../config/config.js';

/**
 * github: people sign in with the OAuth app. local: no OAuth app and only loopback can connect, so the
 * one person at this machine is the user. api_keys_only: neither; the dashboard cannot sign anyone in.
 */
export type AuthMode = 'github' | 'local' | 'api_keys_only';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  return LOOPBACK_HOSTS.has(bare.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

export function authMode(config: Config): AuthMode {
  if (config.github.oauth !== undefined) return 'github';
  if (config.auth.localMode === 'auto' && isLoopbackHost(config.server.host)) return 'local';
  return 'api_keys_only';
}
