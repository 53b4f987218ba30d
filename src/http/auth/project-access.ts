import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.js';
import { authenticateApiKey } from '../../domain/projects/authenticate-api-key.js';
import { projectRole, type ProjectRole } from '../../domain/projects/project-role.js';
import type { Services } from '../../services.js';

export interface ProjectAuth {
  projectId: string;
  via: 'api_key' | 'session';
  userId?: string;
  /** API keys act with member rights: they can do everything but manage members */
  role: ProjectRole;
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
 * onRequest hook for every route under /api/projects/:projectId (before body parsing and validation, so
 * a stranger learns nothing, not even which fields a route wants). Access is granted by the project's API key
 * (Authorization: Bearer sc_...) or, for signed-in users, by membership (src/http/auth/session-plugin.ts
 * resolves the session before this runs).
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
      request.projectAuth = { projectId, via: 'api_key', role: 'member' };
      return;
    }
    const session = request.session;
    if (session !== undefined) {
      const role = await projectRole({ db: deps.db.pool, projectId, user: session.user });
      if (role === undefined) throw new AppError('not_found', 'project not found');
      request.projectAuth = { projectId, via: 'session', userId: session.user.id, role };
      return;
    }
    throw new AppError('unauthorized', 'sign in or send an API key (Authorization: Bearer <key>)');
  };

/** For routes only a project owner may use (membership management). Runs after requireProjectAccess. */
export async function requireOwner(request: FastifyRequest): Promise<void> {
  if (request.projectAuth?.role !== 'owner') {
    throw new AppError('forbidden', 'only a project owner can do this');
  }
}

/**
 * For settings that decide what runs on the server (the fix loop's agent, runner, test command, time
 * limit): a signed-in owner only. An API key acts for no person and is often handed to CI systems and
 * integrations, so it must never choose commands the server executes.
 */
export async function requireSignedInOwner(request: FastifyRequest): Promise<void> {
  const auth = request.projectAuth;
  if (auth?.via !== 'session' || auth.role !== 'owner')
    throw new AppError(
      'forbidden',
      auth?.via === 'api_key'
        ? 'only a signed-in project owner can change what a fix runs; an API key cannot'
        : 'only a signed-in project owner can change what a fix runs',
    );
}
