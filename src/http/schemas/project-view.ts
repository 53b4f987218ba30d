import { z } from 'zod';

const role = z.enum(['owner', 'member']);
export const projectView = z.object({
  id: z.string(),
  name: z.string(),
  repo: z.string().nullable(),
  role,
  createdAt: z.date(),
});

export const memberView = z.object({
  userId: z.string(),
  login: z.string(),
  name: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  role,
});

export const projectListView = z.object({ items: z.array(projectView) });

/** A new project and its API key, shown this once (only a hash is stored). */
export const createdProjectView = z.object({ project: projectView, apiKey: z.string() });

export const memberListView = z.object({ items: z.array(memberView) });
