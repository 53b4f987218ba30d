import { createHash, createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * Checks an AWS Signature Version 4 Authorization header the way AWS does: credential scope (key,
 * region, service), then the signature over the canonical request. Returns the AWS error to answer
 * with, or undefined when the request is authentic. Only what the JSON protocols use is handled
 * (POST to the path `/`, no query string).
 */
export function verifySigV4(opts: {
  req: IncomingMessage;
  body: string;
  region: string;
  service: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}): { type: string; message: string } | undefined {
  const { req } = opts;
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(
      String(req.headers.authorization ?? ''),
    );
  if (!m) return { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  const [, keyId, date, region, service, signedHeaders, signature] = m as unknown as string[];
  if (keyId !== opts.credentials.accessKeyId)
    return {
      type: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    };
  if (region !== opts.region || service !== opts.service)
    return {
      type: 'InvalidSignatureException',
      message: `Credential should be scoped to a valid region/service (${opts.region}/${opts.service}).`,
    };
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const canonicalHeaders = signedHeaders!
    .split(';')
    .map(
      (name) =>
        `${name}:${String(req.headers[name] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const url = new URL(req.url ?? '/', 'http://x');
  const canonicalRequest = [
    req.method,
    url.pathname,
    url.searchParams.toString(),
    canonicalHeaders,
    signedHeaders,
    sha256(opts.body),
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${opts.credentials.secretAccessKey}`, date!);
  for (const part of [region!, service!, 'aws4_request']) key = hmac(key, part);
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  if (expected !== signature)
    return {
      type: 'InvalidSignatureException',
      message: 'The request signature we calculated does not match the signature you provided.',
    };
  return undefined;
}
