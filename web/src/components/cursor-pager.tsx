import type { CursorPages } from '../lib/use-cursor-pages';

/** Previous / Next for a keyset-paginated list. */
export function CursorPager({
  label,
  pages,
  nextCursor,
}: {
  label: string;
  pages: CursorPages;
  nextCursor: string | null;
}) {
  // one page: nothing to page through
  if (pages.page === 1 && nextCursor === null) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={pages.page === 1} onClick={pages.back}>
        Previous page
      </button>
      <span className="muted">Page {pages.page}</span>
      <button
        type="button"
        disabled={nextCursor === null}
        onClick={() => {
          if (nextCursor !== null) pages.forward(nextCursor);
        }}
      >
        Next page
      </button>
    </nav>
  );
}
