import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiKeyInput,
  createApiKey,
  listApiKeys,
  revokeApiKey,
  rotateApiKey,
} from '../../domain/projects/api-keys.js';
import type { Services } from '../../services.js';
import { requireOwner, requireProjectAccess } from '../auth/project-access.js';

const apiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  rotatedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});
const issuedView = z.object({ apiKey: apiKeyView, key: z.string() });
const projectParams = z.object({ projectId: z.string() });
const keyParams = projectParams.extend({ keyId: z.uuid() });

/** A project's named API keys: listed, created, rotated and revoked by its owners only. */
export const apiKeyRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function apiKeys(app) {
    app.addHook('onRequest', requireProjectAccess(deps));
    app.addHook('onRequest', requireOwner);
    // webhooks reuse a key's lookup for a moment (IngestLookups): a rotation or revocation applies at once,
    // before the answer leaves
    const forget = <T>(projectId: string, result: T): T => {
      deps.ingestLookups.forgetProject(projectId);
      return result;
    };
    const db = deps.db.pool;

    app.get(
      '/api/projects/:projectId/api-keys',
      { schema: { params: projectParams, response: { 200: z.object({ items: z.array(apiKeyView) }) } } },
      async (req) => ({ items: await listApiKeys(db, req.params.projectId) }),
    );
    app.post(
      '/api/projects/:projectId/api-keys',
      { schema: { params: projectParams, body: apiKeyInput, response: { 201: issuedView } } },
      async (req, reply) => reply.status(201).send(await createApiKey(db, req.params.projectId, req.body)),
    );
    app.post(
      '/api/projects/:projectId/api-keys/:keyId/rotate',
      { schema: { params: keyParams, response: { 200: issuedView } } },
      async (req) =>
        forget(req.params.projectId, await rotateApiKey(db, req.params.projectId, req.params.keyId)),
    );
    app.delete(
      '/api/projects/:projectId/api-keys/:keyId',
      { schema: { params: keyParams, response: { 200: apiKeyView } } },
      async (req) =>
        forget(req.params.projectId, await revokeApiKey(db, req.params.projectId, req.params.keyId)),
    );
  };
