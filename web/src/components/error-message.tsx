import { ApiError } from '../lib/api-client';

function advice(error: unknown): { title: string; hint: string } {
  if (!(error instanceof ApiError)) {
    return {
      title: 'Something went wrong',
      hint: 'Reload the page; if it keeps happening, check the server logs.',
    };
  }
  switch (true) {
    case error.status === 0:
      return {
        title: 'Cannot reach the server',
        hint: 'Check that `soulcaster serve` is running, then retry.',
      };
    case error.status === 401:
      return { title: 'Your session has ended', hint: 'Sign in again to continue.' };
    case error.code === 'csrf_failed':
      return { title: 'This page is out of date', hint: 'Reload the page and try again.' };
    case error.status === 403:
      return { title: 'Not allowed', hint: 'Ask an owner of this project for access.' };
    case error.status === 404:
      return {
        title: 'Not found',
        hint: 'It may have been deleted, or it belongs to another project. Pick the right project above.',
      };
    case error.status === 429:
      return { title: 'Too many requests', hint: 'Wait a few seconds and retry.' };
    case error.status >= 500:
      return { title: 'The server failed', hint: 'Retry; if it keeps failing, check the server logs.' };
    default:
      return { title: 'The request was refused', hint: 'Fix the input and try again.' };
  }
}

/** An error state that names the problem and what to do next. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { title, hint } = advice(error);
  const detail = error instanceof Error ? error.message : undefined;
  return (
    <div className="error-box" role="alert">
      <p className="error-title">{title}</p>
      {detail !== undefined && detail !== title && <p className="error-detail">{detail}</p>}
      <p>{hint}</p>
      {error instanceof ApiError && error.status === 401 ? (
        <a className="button" href="/auth/signin">
          Sign in
        </a>
      ) : (
        onRetry !== undefined && (
          <button type="button" onClick={onRetry}>
            Retry
          </button>
        )
      )}
    </div>
  );
}

/** A one-line error for forms, next to the submit button. */
export function FormError({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}
