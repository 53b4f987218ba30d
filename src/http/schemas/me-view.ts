import { z } from 'zod';

/** Who is signed in, how, and the CSRF token the dashboard sends back on writes. */
export const meView = z.object({
  user: z.object({
    id: z.string(),
    login: z.string(),
    name: z.string().nullable(),
    avatarUrl: z.string().nullable(),
  }),
  mode: z.enum(['github', 'local']),
  csrfToken: z.string(),
});
