import type { Config } from '../config/config.js';

/** The base URL users and vendors reach this server at: PUBLIC_URL, else http://HOST:PORT. */
export function publicUrl(config: Config): string {
  if (config.server.publicUrl) return config.server.publicUrl;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${config.server.port}`;
}

/** Whether vendors elsewhere could reach the base URL: false for localhost and loopback addresses. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host);
}
