import { useState } from 'react';

export interface CursorPages {
  /** the cursor of the page shown (undefined on page one) */
  cursor: string | undefined;
  /** 1-based */
  page: number;
  back(): void;
  forward(nextCursor: string): void;
}

/**
 * Keyset pages as a stack of the cursors that led here. The stack belongs to one `key` (project and
 * filters), so a new combination starts again at page one.
 */
export function useCursorPages(key: string): CursorPages {
  const [pager, setPager] = useState<{ key: string; stack: string[] }>({ key, stack: [] });
  const stack = pager.key === key ? pager.stack : [];
  return {
    cursor: stack.at(-1),
    page: stack.length + 1,
    back: () => setPager({ key, stack: stack.slice(0, -1) }),
    forward: (next) => setPager({ key, stack: [...stack, next] }),
  };
}
