import { useId, useRef, type FormEvent } from 'react';
import { FormError } from '../../../components/error-message';
import { useSubmitFeedback, type ManualFeedback } from '../api/feedback';

/** Types a report in by hand; it is clustered like any other. */
export function ManualFeedbackForm({ projectId }: { projectId: string }) {
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmitFeedback(projectId);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const value = (name: string) => String(data.get(name) ?? '').trim();
    const input: ManualFeedback = { title: value('title') };
    if (value('body') !== '') input.body = value('body');
    if (value('url') !== '') input.url = value('url');
    if (value('author') !== '') input.author = value('author');
    submit.mutate(input, {
      onSuccess: (result) => {
        if (!result.duplicate) form.current?.reset();
      },
    });
  };

  const result = submit.data;
  return (
    <form ref={form} className="card form" onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Submit feedback</h2>
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input
          id={`${id}-title`}
          name="title"
          required
          maxLength={1000}
          placeholder="Checkout button does nothing on Safari"
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-body`}>Details (optional)</label>
        <textarea
          id={`${id}-body`}
          name="body"
          rows={4}
          placeholder="Steps, stack trace, what the user said…"
        />
      </div>
      <div className="row">
        <div className="field grow">
          <label htmlFor={`${id}-url`}>Link (optional)</label>
          <input id={`${id}-url`} name="url" type="url" placeholder="https://…" />
        </div>
        <div className="field grow">
          <label htmlFor={`${id}-author`}>Reported by (optional)</label>
          <input id={`${id}-author`} name="author" maxLength={500} />
        </div>
      </div>
      <FormError error={submit.error} />
      {result !== undefined && (
        <p className={result.duplicate ? 'notice' : 'notice success'} role="status">
          {result.duplicate
            ? 'Already received: this report is a duplicate.'
            : 'Submitted. It will join a cluster in a few seconds.'}
        </p>
      )}
      <button type="submit" className="button-primary" disabled={submit.isPending}>
        {submit.isPending ? 'Submitting…' : 'Submit feedback'}
      </button>
    </form>
  );
}
