import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { feedbackSources } from '../../domain/feedback/feedback-item.js';
import { getFeedbackItem, listFeedback } from '../../domain/feedback/list-feedback.js';
import { AppError } from '../../domain/errors.js';
import { submitManualFeedback } from '../../domain/ingestion/submit-manual-feedback.js';
import { manualFeedbackInput } from '../../domain/ingestion/vendors/manual.js';
import type { Services } from '../../services.js';
import {
  feedbackItemDetailView,
  feedbackItemView,
  manualFeedbackResultView,
} from '../schemas/feedback-item-view.js';
import { page } from '../schemas/page.js';
import { requireProjectAccess } from '../auth/project-access.js';

const projectParams = z.object({ projectId: z.string() });

export const feedbackRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function feedback(app) {
    app.addHook('onRequest', requireProjectAccess(deps));

    app.get(
      '/api/projects/:projectId/feedback',
      {
        schema: {
          params: projectParams,
          querystring: z.object({
            source: z.enum(feedbackSources).optional(),
            clusterId: z.uuid().optional(),
            q: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
            cursor: z.string().optional(),
          }),
          response: { 200: page(feedbackItemView) },
        },
      },
      async (req) => listFeedback(deps.db.pool, req.params.projectId, req.query),
    );

    app.get(
      '/api/projects/:projectId/feedback/:itemId',
      {
        schema: {
          params: projectParams.extend({ itemId: z.uuid() }),
          response: { 200: feedbackItemDetailView },
        },
      },
      async (req) => getFeedbackItem(deps.db.pool, req.params.projectId, req.params.itemId),
    );

    // The dashboard's "submit feedback" form: same validation, dedupe and clustering as POST /ingest/manual.
    app.post(
      '/api/projects/:projectId/feedback',
      {
        schema: {
          params: projectParams,
          body: manualFeedbackInput,
          response: { 201: manualFeedbackResultView },
        },
      },
      async (req, reply) => {
        const result = await submitManualFeedback(
          { commit: deps.ingest.submit },
          { projectId: req.params.projectId, body: req.body, defaultAuthor: req.session?.user.login },
        );
        const stored = result.items[0];
        if (stored === undefined) throw new AppError('invalid_state', result.reason ?? 'nothing was stored');
        return reply.status(201).send({ id: stored.id, duplicate: stored.duplicate });
      },
    );
  };
