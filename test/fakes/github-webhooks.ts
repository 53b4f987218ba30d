import { createHmac, randomUUID } from 'node:crypto';

/**
 * A webhook delivery as GitHub sends it: the JSON body, `X-GitHub-Event`, `X-GitHub-Delivery` and
 * `X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body with the webhook secret, hex>`.
 */
export function githubDelivery(
  secret: string,
  event: string,
  payload: Record<string, unknown>,
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/044aadd',
      'x-github-event': event,
      'x-github-delivery': randomUUID(),
      'x-github-hook-id': '292430182',
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
  };
}

/** The `repository` and `sender` every repository webhook carries. */
export const webhookRepository = (fullName: string) => ({
  repository: { id: 1296269, name: fullName.split('/')[1], full_name: fullName, private: false },
  sender: { login: 'a-user', id: 1, type: 'User' },
});
