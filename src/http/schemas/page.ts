import { z } from 'zod';

/** One page of a cursor-paginated list: `nextCursor` is null on the last page. */
export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** A whole list, unpaginated. */
export const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
