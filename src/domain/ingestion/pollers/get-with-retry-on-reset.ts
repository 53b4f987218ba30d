/**
 * A GET that is sent once more when the connection was reset. Servers close idle keep-alive connections;
 * when a poller spends a while storing a page before asking for the next one, the pooled socket it reuses
 * may be closed just as the request goes out (ECONNRESET). A GET is safe to repeat.
 */
export async function getWithRetryOnReset(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit = {},
): Promise<Response> {
  try {
    return await fetchImpl(url, { ...init, method: 'GET' });
  } catch (err) {
    if (!isConnectionReset(err)) throw err;
    return fetchImpl(url, { ...init, method: 'GET' });
  }
}

function isConnectionReset(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } } | undefined)?.cause;
  return ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'].includes(cause?.code ?? '');
}
