import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/domain/projects/create-project.js';
import { createTestRuntime, type TestRuntime } from '../helpers/test-runtime.js';

let rt: TestRuntime;
let projectId: string;
let auth: Record<string, string>;
beforeAll(async () => {
  rt = await createTestRuntime();
  const p = await createProject(rt.db.pool, { name: 'errors' });
  projectId = p.id;
  auth = { authorization: `Bearer ${p.apiKey}` };
});
afterAll(() => rt.close());

const post = (path: string, payload: Record<string, unknown>) =>
  rt.app.inject({ method: 'POST', url: `/api/projects/${projectId}${path}`, headers: auth, payload });

// Validation messages are shown to people as they are: words and field labels, no zod symbols or jargon.
describe('readable validation errors', () => {
  it('names the vendor field by its form label, with the schema’s own message where it has one', async () => {
    const res = await post('/sources', { kind: 'reddit', name: 'r', config: { subreddits: [] } });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('Invalid Reddit settings: Subreddits: add at least one subreddit.');
    expect(error.details.fields).toEqual([
      { path: 'subreddits', message: 'Subreddits: add at least one subreddit' },
    ]);
    // zod's generic wording is replaced: a list entry is named by its list's label
    const tooMany = await post('/sources', {
      kind: 'reddit',
      name: 'r',
      config: { subreddits: Array.from({ length: 51 }, (_, i) => `sub${i}`) },
    });
    expect(tooMany.json().error.message).toBe(
      'Invalid Reddit settings: Subreddits takes at most 50 entries.',
    );
    expect(tooMany.json().error.message).not.toMatch(/✖|→|Too big|expected array/);
  });

  it('words request-schema failures with the field path', async () => {
    const res = await post('/sources', { kind: 'sentry', name: '' });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.message).toBe('The request body is invalid: Name must not be empty.');
    expect(error.details).toEqual([{ path: '/name', message: 'Name must not be empty' }]);
  });
});
