import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Session } from '../../domain/auth/sessions.js';
import { AppError } from '../../domain/errors.js';
import { createProject, createProjectInput } from '../../domain/projects/create-project.js';
import { getProject, type Project } from '../../domain/projects/get-project.js';
import type { ProjectRole } from '../../domain/projects/project-role.js';
import { listUserProjects } from '../../domain/projects/list-user-projects.js';
import { addMember, addMemberInput, listMembers, removeMember } from '../../domain/projects/members.js';
import { projectPatch, updateProject } from '../../domain/projects/update-project.js';
import type { Services } from '../../services.js';
import { requireOwner, requireProjectAccess } from '../auth/project-access.js';
import {
  createdProjectView,
  memberListView,
  memberView,
  projectListView,
  projectView,
} from '../schemas/project-view.js';

const projectParams = z.object({ projectId: z.string() });

function toView(p: Project, role: ProjectRole): z.output<typeof projectView> {
  return { id: p.id, name: p.name, repo: p.repo, role, createdAt: p.createdAt };
}

function signedIn(request: FastifyRequest): Session {
  if (request.session === undefined) {
    throw new AppError(
      'unauthorized',
      'sign in to list or create projects (API keys are scoped to one project)',
    );
  }
  return request.session;
}

/** Projects the signed-in person belongs to, and who else belongs to them. */
export const projectRoutes = (deps: Services): FastifyPluginAsyncZod =>
  async function projects(app) {
    const db = deps.db.pool;
    const access = requireProjectAccess(deps);

    app.get('/api/projects', { schema: { response: { 200: projectListView } } }, async (request) => ({
      items: await listUserProjects({ db, user: signedIn(request).user }),
    }));

    app.post(
      '/api/projects',
      {
        schema: {
          body: createProjectInput.omit({ ownerUserId: true }),
          response: { 201: createdProjectView },
        },
      },
      async (request, reply) => {
        const user = signedIn(request).user;
        const created = await createProject(db, { ...request.body, ownerUserId: user.id });
        const project = await getProject(db, created.id);
        return reply.status(201).send({ project: toView(project, 'owner'), apiKey: created.apiKey });
      },
    );

    app.get(
      '/api/projects/:projectId',
      { onRequest: access, schema: { params: projectParams, response: { 200: projectView } } },
      async (request) => {
        const p = await getProject(db, request.params.projectId);
        return toView(p, request.projectAuth!.role);
      },
    );

    app.patch(
      '/api/projects/:projectId',
      {
        onRequest: access,
        schema: { params: projectParams, body: projectPatch, response: { 200: projectView } },
      },
      async (request) => {
        await updateProject({ db, projectId: request.params.projectId, patch: request.body });
        const p = await getProject(db, request.params.projectId);
        return toView(p, request.projectAuth!.role);
      },
    );

    app.get(
      '/api/projects/:projectId/members',
      {
        onRequest: access,
        schema: { params: projectParams, response: { 200: memberListView } },
      },
      async (request) => {
        const user = request.session?.user;
        return {
          items: await listMembers({
            db,
            projectId: request.params.projectId,
            localUser: user?.isLocal === true ? user : undefined,
          }),
        };
      },
    );

    app.post(
      '/api/projects/:projectId/members',
      {
        onRequest: [access, requireOwner],
        schema: { params: projectParams, body: addMemberInput, response: { 201: memberView } },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await addMember({ db, projectId: request.params.projectId, input: request.body })),
    );

    app.delete(
      '/api/projects/:projectId/members/:userId',
      { onRequest: [access, requireOwner], schema: { params: projectParams.extend({ userId: z.uuid() }) } },
      async (request, reply) => {
        await removeMember({ db, projectId: request.params.projectId, userId: request.params.userId });
        return reply.status(204).send();
      },
    );
  };
