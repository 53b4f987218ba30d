import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createSource,
  deleteSource,
  getSource,
  listSources,
  sourceInput,
  sourcePatch,
} from '../../domain/sources/source-repository.js';
import { vendors } from '../../domain/ingestion/vendors/registry.js';
import { previewMapping } from '../../domain/sources/preview-mapping.js';
import { updateSource } from '../../domain/sources/source-repository.js';
import { AppError } from '../../domain/errors.js';
import { revealSourceSecret } from '../../domain/sources/reveal-source-secret.js';
import type { Services } from '../../services.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { list } from '../schemas/page.js';
import { sourceKindView, toSourceKindView } from '../schemas/source-kind.js';
import { isLoopbackUrl, publicUrl } from '../public-url.js';
import {
  mappingPreviewView,
  revealedSecretView,
  sourceListView,
  sourceView,
  toSourceView,
} from '../schemas/source-view.js';

const projectParams = z.object({ projectId: z.string() });
const sourceParams = projectParams.extend({ sourceId: z.uuid() });

/** Source configuration per project: subreddits, repositories, secrets (write-only), filters, enabled. */
export const sourceRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function sources(app) {
    const ctx = { db: deps.db.pool, secrets: deps.secrets };
    const base = publicUrl(deps.config);
    app.addHook('onRequest', requireProjectAccess(deps));
    // webhooks reuse a project's sources for a moment (IngestLookups); a change here must apply at once
    app.addHook('onResponse', async (req) => {
      const { projectId } = req.params as { projectId?: string };
      if (req.method !== 'GET' && projectId !== undefined) deps.ingestLookups.forgetProject(projectId);
    });

    // Every kind of source with its form fields and setup help; the dashboard's sources form is built from it.
    app.get(
      '/api/projects/:projectId/source-kinds',
      {
        schema: { params: projectParams, response: { 200: list(sourceKindView) } },
      },
      async () => ({ items: vendors.map(toSourceKindView) }),
    );

    app.get(
      '/api/projects/:projectId/sources',
      { schema: { params: projectParams, response: { 200: sourceListView } } },
      async (req) => ({
        items: (await listSources(ctx, req.params.projectId)).map((s) => toSourceView(s, base)),
        publicUrl: {
          url: base,
          loopback: isLoopbackUrl(base),
          configured: Boolean(deps.config.server.publicUrl),
        },
      }),
    );

    app.post(
      '/api/projects/:projectId/sources',
      { schema: { params: projectParams, body: sourceInput, response: { 201: sourceView } } },
      async (req, reply) =>
        reply.status(201).send(toSourceView(await createSource(ctx, req.params.projectId, req.body), base)),
    );

    app.get(
      '/api/projects/:projectId/sources/:sourceId',
      { schema: { params: sourceParams, response: { 200: sourceView } } },
      async (req) => toSourceView(await getSource(ctx, req.params.projectId, req.params.sourceId), base),
    );

    app.patch(
      '/api/projects/:projectId/sources/:sourceId',
      { schema: { params: sourceParams, body: sourcePatch, response: { 200: sourceView } } },
      async (req) =>
        toSourceView(await updateSource(ctx, req.params.projectId, req.params.sourceId, req.body), base),
    );

    // a secret in plain text: a person signed in as an owner, never an API key (it would hand a vendor's
    // signing secret to whatever holds the key)
    app.post(
      '/api/projects/:projectId/sources/:sourceId/secrets/:secret/reveal',
      {
        preHandler: async (req) => {
          const auth = req.projectAuth;
          if (auth?.via !== 'session' || auth.role !== 'owner')
            throw new AppError('forbidden', "only a signed-in project owner can reveal a source's secret");
        },
        schema: {
          params: sourceParams.extend({ secret: z.string().max(100) }),
          response: { 200: revealedSecretView },
        },
      },
      async (req) => revealSourceSecret(ctx, req.params.projectId, req.params.sourceId, req.params.secret),
    );

    // What a field mapping (given, else the saved one) makes of the source's last delivery; stores nothing.
    app.post(
      '/api/projects/:projectId/sources/:sourceId/mapping-preview',
      {
        schema: {
          params: sourceParams,
          body: z.object({ mapping: z.unknown().optional() }).default({}),
          response: { 200: mappingPreviewView },
        },
      },
      async (req) => previewMapping(ctx, req.params.projectId, req.params.sourceId, req.body.mapping),
    );

    app.delete(
      '/api/projects/:projectId/sources/:sourceId',
      { schema: { params: sourceParams } },
      async (req, reply) => {
        await deleteSource(ctx, req.params.projectId, req.params.sourceId);
        return reply.status(204).send();
      },
    );
  };
