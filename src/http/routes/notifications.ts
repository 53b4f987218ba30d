import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  channelInput,
  channelPatch,
  createChannel,
  deleteChannel,
  listChannels,
  updateChannel,
} from '../../domain/notifications/channels.js';
import { listDeliveries } from '../../domain/notifications/list-deliveries.js';
import {
  createRule,
  deleteRule,
  listRules,
  ruleInput,
  rulePatch,
  updateRule,
} from '../../domain/notifications/rules.js';
import { sendTestNotification } from '../../domain/notifications/send-test-notification.js';
import type { Services } from '../../services.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { channelView, deliveryView, ruleView } from '../schemas/notification-view.js';
import { page } from '../schemas/page.js';

const projectParams = z.object({ projectId: z.string() });
const channelParams = projectParams.extend({ channelId: z.uuid() });
const ruleParams = projectParams.extend({ ruleId: z.uuid() });
const base = '/api/projects/:projectId/notifications';

/** Notification channels (Slack, signed webhooks), the rules that use them, and the delivery log. */
export const notificationRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function notifications(app) {
    app.addHook('onRequest', requireProjectAccess(deps));
    const db = deps.db.pool;
    const channels = { db, secrets: deps.secrets };

    app.get(
      `${base}/channels`,
      { schema: { params: projectParams, response: { 200: z.object({ items: z.array(channelView) }) } } },
      async (req) => ({ items: await listChannels(channels, req.params.projectId) }),
    );
    app.post(
      `${base}/channels`,
      { schema: { params: projectParams, body: channelInput, response: { 201: channelView } } },
      async (req, reply) =>
        reply.status(201).send(await createChannel(channels, req.params.projectId, req.body)),
    );
    app.patch(
      `${base}/channels/:channelId`,
      { schema: { params: channelParams, body: channelPatch, response: { 200: channelView } } },
      async (req) => updateChannel(channels, req.params.projectId, req.params.channelId, req.body),
    );
    app.delete(`${base}/channels/:channelId`, { schema: { params: channelParams } }, async (req, reply) => {
      await deleteChannel(channels, req.params.projectId, req.params.channelId);
      return reply.status(204).send();
    });
    app.post(
      `${base}/channels/:channelId/test`,
      { schema: { params: channelParams, response: { 202: deliveryView } } },
      async (req, reply) =>
        reply
          .status(202)
          .send(
            await sendTestNotification(
              deps.notifications.sendTest,
              req.params.projectId,
              req.params.channelId,
            ),
          ),
    );

    app.get(
      `${base}/rules`,
      { schema: { params: projectParams, response: { 200: z.object({ items: z.array(ruleView) }) } } },
      async (req) => ({ items: await listRules(db, req.params.projectId) }),
    );
    app.post(
      `${base}/rules`,
      { schema: { params: projectParams, body: ruleInput, response: { 201: ruleView } } },
      async (req, reply) => reply.status(201).send(await createRule(db, req.params.projectId, req.body)),
    );
    app.patch(
      `${base}/rules/:ruleId`,
      { schema: { params: ruleParams, body: rulePatch, response: { 200: ruleView } } },
      async (req) => updateRule(db, req.params.projectId, req.params.ruleId, req.body),
    );
    app.delete(`${base}/rules/:ruleId`, { schema: { params: ruleParams } }, async (req, reply) => {
      await deleteRule(db, req.params.projectId, req.params.ruleId);
      return reply.status(204).send();
    });

    app.get(
      `${base}/deliveries`,
      {
        schema: {
          params: projectParams,
          querystring: z.object({
            status: z.enum(['pending', 'delivered', 'failed']).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            cursor: z.string().optional(),
          }),
          response: { 200: page(deliveryView) },
        },
      },
      async (req) => listDeliveries(db, req.params.projectId, req.query),
    );
  };
