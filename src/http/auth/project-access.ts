import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';
import { authenticateApiKey } from '../../domain/projects/authenticate-api-key.js';
import type { Services } from '../../services.js';

export interface ProjectAuth {
  projectId: string;
  via: 'api_key' | 'session';
  userId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    projectAuth?: ProjectAuth;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/**
 * preHandler for every route under /api/projects/:projectId. Access is granted by the project's API key
 * (Authorization: Bearer sc_...) or, for signed-in users, by membership (added by the sign-in feature).
 * Unknown project and foreign project look the same (404) so ids cannot be probed.
 */
export const requireProjectAccess =
  (deps: Services) =>
  async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const projectId = (request.params as { projectId?: string }).projectId;
    if (projectId === undefined || !UUID.test(projectId))
      throw new AppError('not_found', 'project not found');
    const token = bearerToken(request);
    if (token !== undefined) {
      const auth = await authenticateApiKey(deps.db.pool, token);
      if (auth === undefined) throw new AppError('unauthorized', 'invalid API key');
      if (auth.projectId !== projectId) throw new AppError('not_found', 'project not found');
      request.projectAuth = { projectId, via: 'api_key' };
      return;
    }
    throw new AppError('unauthorized', 'sign in or send an API key (Authorization: Bearer <key>)');
  };
