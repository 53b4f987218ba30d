import { REDACTED } from './redact.js';

/**
 * Query parameters whose value is a credential. Splunk, Datadog and PostHog webhooks may carry the source
 * token as `?token=`; OAuth callbacks carry `code` and `state`; anything named like a key or a signature
 * is treated the same, since a log line is read by more people than the token was meant for.
 */
const SECRET_PARAM = /token|secret|key|password|passwd|signature|^sig$|^code$|^state$|auth/i;

const decode = (s: string) => {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
};

/** `/ingest/splunk/webhook?project_id=p&token=abc` → `/ingest/splunk/webhook?project_id=p&token=[redacted]` */
export function redactUrlSecrets(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash === -1 ? undefined : hash);
  const redacted = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      return eq !== -1 && SECRET_PARAM.test(decode(name)) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${redacted}${hash === -1 ? '' : url.slice(hash)}`;
}
