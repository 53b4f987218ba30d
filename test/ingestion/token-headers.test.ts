import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createSource } from '../../src/domain/sources/source-repository.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
let projectId: string;
let apiKey: string;
let otherKey: string;

const payloads: Record<string, (n: number) => unknown> = {
  splunk: (n) => ({ sid: `sid-${n}`, search_name: 'Checkout errors', result: { message: 'boom' } }),
  datadog: (n) => ({ id: `dd-${n}`, title: 'Error rate above 5%', body: 'checkout' }),
  posthog: (n) => ({
    event: { uuid: `00000000-0000-4000-8000-00000000000${n}`, event: 'feedback' },
    person: {},
  }),
};
let n = 0;
const send = (kind: string, headers: Record<string, string>, query = '') =>
  rt.app.inject({
    method: 'POST',
    url: `/ingest/${kind}/webhook?project_id=${projectId}${query}`,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(payloads[kind]!(++n)),
  });

beforeAll(async () => {
  rt = await createTestRuntime();
  const p = await createProject(rt.db.pool, { name: 'tokens' });
  projectId = p.id;
  apiKey = p.apiKey;
  otherKey = (await createProject(rt.db.pool, { name: 'other' })).apiKey;
  for (const kind of Object.keys(payloads))
    await createSource({ db: rt.db.pool, secrets: rt.services.secrets }, projectId, {
      kind: kind as 'splunk',
      secrets: { token: `${kind}-source-token` },
    });
});
afterAll(() => rt.close());

describe('token vendors can keep the token out of the URL', () => {
  for (const kind of Object.keys(payloads)) {
    it(`${kind}: X-Soulcaster-Token, Authorization: Bearer <source token>, ?token= and the API key all work`, async () => {
      expect((await send(kind, { 'x-soulcaster-token': `${kind}-source-token` })).statusCode).toBe(202);
      expect((await send(kind, { authorization: `Bearer ${kind}-source-token` })).statusCode).toBe(202);
      expect((await send(kind, {}, `&token=${kind}-source-token`)).statusCode).toBe(202);
      expect((await send(kind, { authorization: `Bearer ${apiKey}` })).statusCode).toBe(202);
    });

    it(`${kind}: a wrong Bearer, another project's key or another vendor's token is 401`, async () => {
      for (const bearer of ['nope', otherKey, `${kind === 'splunk' ? 'datadog' : 'splunk'}-source-token`]) {
        const res = await send(kind, { authorization: `Bearer ${bearer}` });
        expect(res.statusCode, bearer).toBe(401);
        expect(res.json().error.code).toBe('unauthorized');
      }
    });
  }
});
