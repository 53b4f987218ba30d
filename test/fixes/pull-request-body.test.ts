import { describe, expect, it } from 'vitest';
import { pullRequestBody } from '../../src/domain/fixes/open-pull-request.js';
import type { CodingPlan } from '../../src/domain/plans/plan.js';

const plan: CodingPlan = {
  id: 'p',
  clusterId: 'c',
  summary: 'applyCoupon dereferences a missing coupon',
  files: [{ path: 'src/checkout/cart.ts', reason: 'The reported stack trace points into it.' }],
  tasks: [{ title: 'Guard the coupon', detail: 'default the discount to 0' }],
  kind: 'heuristic',
  model: null,
  repo: 'acme/shop',
  commitSha: null,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  staleReason: null,
};

const base = {
  repo: 'acme/shop',
  clusterUrl: 'https://sc.example/dashboard/clusters/11111111-2222-4333-8444-555555555555',
  head: 'soulcaster/x',
  base: 'main',
  title: 'Fix: x',
  plan,
  jobId: 'job-1',
  agent: 'kilo',
};

describe('pull request body', () => {
  it('links the cluster, lists the reports with their links, says which checks ran, and closes GitHub issues', () => {
    const body = pullRequestBody({
      ...base,
      feedback: [
        {
          source: 'github',
          title: 'Coupon crash',
          body: '',
          url: 'https://github.com/acme/shop/issues/7',
          externalId: 'acme/shop#7',
        },
        {
          source: 'github',
          title: 'Same crash, other repo',
          body: '',
          url: 'https://github.com/acme/web/issues/3',
          externalId: 'acme/web#3',
        },
        { source: 'sentry', title: 'TypeError: discount', body: '', url: null, externalId: 'event:1' },
      ],
      testResult: { command: 'npm test', exitCode: 0, passed: true, durationMs: 1500, output: '3 passed' },
    });
    expect(body).toContain(`Cluster in Soulcaster: ${base.clusterUrl}`);
    expect(body).toContain('## Reports (3)\n- github: [Coupon crash](https://github.com/acme/shop/issues/7)');
    expect(body).toContain('- sentry: TypeError: discount');
    expect(body).toContain('- `npm test` passed in 1.5s.');
    expect(body).toContain('Fixes acme/shop#7\nFixes acme/web#3');
  });

  it('says that no tests ran when the project has no test command, and fixes nothing without GitHub reports', () => {
    const body = pullRequestBody({
      ...base,
      feedback: [{ source: 'manual', title: 'x', body: '', url: null }],
      testResult: null,
    });
    expect(body).toContain('- No tests ran: the project has no test command');
    expect(body).not.toContain('Fixes ');
  });
});
