import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { storeFeedbackItem } from '../../src/domain/feedback/store-feedback-item.js';
import type { NewFeedbackItem } from '../../src/domain/feedback/feedback-item.js';
import { getFix, type Fix } from '../../src/domain/fixes/fix.js';
import { editPlan } from '../../src/domain/plans/edit-plan.js';
import { upsertGithubUser } from '../../src/domain/users/upsert-github-user.js';
import type { TestRuntime } from '../helpers/test-runtime.js';

/** A small shop whose checkout crashes applying a coupon: the repository the plan and fix tests use. */
export const shopFiles: Record<string, string> = {
  'README.md': '# shop\n\nA tiny shop.\n',
  'package.json': '{ "name": "shop", "private": true }\n',
  'src/checkout/cart.ts': [
    'export interface Cart { items: { price: number }[]; coupon?: { discount: number } }',
    '',
    'export function applyCoupon(cart: Cart, couponCode: string): number {',
    '  const total = cart.items.reduce((sum, i) => sum + i.price, 0);',
    '  return total - cart.coupon!.discount; // crashes when no coupon was found for couponCode',
    '}',
    '',
  ].join('\n'),
  'src/checkout/payment.ts':
    'export async function submitPayment(amount: number) {\n  return { ok: amount > 0 };\n}\n',
  'src/ui/theme.ts': "export const darkMode = { background: '#000', text: '#111' };\n",
  'test/cart.test.sh': '#!/bin/sh\ngrep -q "coupon?.discount ?? 0" src/checkout/cart.ts\n',
};

/** What a correct agent does to the shop: the fix the tests' command agents apply. */
export const fixCouponCommand =
  "sed -i 's/cart.coupon!.discount/(cart.coupon?.discount ?? 0)/' src/checkout/cart.ts";

/** The environment every fix-loop runtime shares: data dir, GitHub at the fake, a command agent from a file. */
export function fixLoopEnv(opts: { dataDir: string; githubUrl: string; agentFile: string }) {
  return {
    SOULCASTER_DATA_DIR: opts.dataDir,
    GITHUB_API_URL: opts.githubUrl,
    GITHUB_WEB_URL: opts.githubUrl,
    SOULCASTER_AGENT: 'command',
    SOULCASTER_AGENT_COMMAND: `bash ${opts.agentFile}`,
    // the local runner's sandbox shows it nothing of the host but what it is told to
    LOCAL_RUNNER_READONLY_PATHS: opts.agentFile,
    FIX_HEARTBEAT_SECONDS: '1',
  };
}

/** A Sentry event in the shape of its `error` webhook payload (data.error with exception frames). */
export const sentryCouponEvent = {
  action: 'created',
  data: {
    error: {
      event_id: 'a1b2c3',
      title: "TypeError: Cannot read properties of undefined (reading 'discount')",
      exception: {
        values: [
          {
            type: 'TypeError',
            value: "Cannot read properties of undefined (reading 'discount')",
            stacktrace: {
              frames: [
                {
                  filename: 'webpack:///./node_modules/react-dom/index.js',
                  lineno: 10,
                  function: 'x',
                  in_app: false,
                },
                {
                  filename: 'webpack:///./src/checkout/cart.ts',
                  lineno: 5,
                  function: 'applyCoupon',
                  in_app: true,
                },
              ],
            },
          },
        ],
      },
    },
  },
};

export const couponReports: NewFeedbackItem[] = [
  {
    source: 'sentry',
    externalId: 'event:a1b2c3',
    title: "TypeError: Cannot read properties of undefined (reading 'discount')",
    body: 'Checkout crashes when applying a coupon code',
    raw: sentryCouponEvent,
  },
  {
    source: 'manual',
    externalId: 'm1',
    title: "Checkout crashes with TypeError reading 'discount' when a coupon code is wrong",
    body: "Entering an unknown couponCode crashes checkout: TypeError: Cannot read properties of undefined (reading 'discount')",
  },
];

export async function seedCluster(
  rt: TestRuntime,
  projectId: string,
  items: NewFeedbackItem[],
): Promise<string> {
  let clusterId = '';
  for (const item of items) {
    const { item: stored } = await storeFeedbackItem(
      { db: rt.db.pool, clock: rt.services.clock, clustering: { itemStored: async () => undefined } },
      projectId,
      item,
    );
    clusterId = (await rt.services.clustering.clusterItem(projectId, stored.id))!.clusterId;
  }
  return clusterId;
}

export async function createUser(rt: TestRuntime, token: string, login = 'octocat', githubId = 583231) {
  return upsertGithubUser({
    db: rt.db.pool,
    secrets: rt.services.secrets,
    profile: { githubId, login, name: 'The Octocat', email: null, avatarUrl: null },
    accessToken: token,
    scopes: 'repo,read:user',
  });
}

/**
 * A data directory for a fix-loop test, with an empty `agent.sh` for the test's command agent. Jobs run
 * as an unprivileged user when the tests run as root, so the agent file must be readable by it: the
 * directory may be traversed (not listed) and the file read, whatever the process umask.
 */
export async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'soulcaster-fix-'));
  await chmod(dir, 0o711);
  await writeFile(path.join(dir, 'agent.sh'), '');
  await chmod(path.join(dir, 'agent.sh'), 0o644);
  return dir;
}

/** A cluster on acme/shop with a saved plan for the coupon crash: ready for Start fix. */
export async function newPlannedCluster(
  rt: TestRuntime,
  opts: { projectId: string; userId: string; title: string },
): Promise<string> {
  const { rows } = await rt.db.pool.query<{ id: string }>(
    `insert into clusters (project_id, title, repo) values ($1, $2, 'acme/shop') returning id`,
    [opts.projectId, opts.title],
  );
  const clusterId = rows[0]!.id;
  await editPlan(
    rt.db.pool,
    opts.projectId,
    clusterId,
    {
      summary: 'applyCoupon dereferences a missing coupon',
      files: [{ path: 'src/checkout/cart.ts', reason: 'crash site' }],
      tasks: [{ title: 'Guard the coupon', detail: 'default the discount to 0' }],
    },
    opts.userId,
  );
  return clusterId;
}

/** Waits until a fix has ended (success, failed or cancelled); throws when it has not within `ms`. */
export async function settleFix(rt: TestRuntime, projectId: string, fixId: string, ms: number): Promise<Fix> {
  const until = Date.now() + ms;
  for (;;) {
    const f = await getFix(rt.db.pool, projectId, fixId);
    if (['success', 'failed', 'cancelled'].includes(f.status)) return f;
    if (Date.now() > until) throw new Error(`fix still ${f.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
