import { useId, useState, type FormEvent } from 'react';
import { CopyField } from '../../../components/copy-field';
import { FormError } from '../../../components/error-message';
import { useCreateProject, type CreatedProject } from '../api/projects';

/**
 * Creates a project and shows its API key exactly once (the server keeps only a hash). `onDone` runs when
 * the user has seen the key and continues.
 */
export function CreateProjectForm({ onDone }: { onDone: (projectId: string) => void }) {
  const nameId = useId();
  const repoId = useId();
  const create = useCreateProject();
  const [created, setCreated] = useState<CreatedProject | null>(null);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const name = String(data.get('name') ?? '').trim();
    const repo = String(data.get('repo') ?? '').trim();
    create.mutate(repo === '' ? { name } : { name, repo }, { onSuccess: setCreated });
  };

  if (created !== null) {
    return (
      <section className="card" aria-labelledby={`${nameId}-created`}>
        <h2 id={`${nameId}-created`}>Project “{created.project.name}” created</h2>
        <p>
          This is its API key for webhooks, <code>POST /ingest/*</code> and scripts. It is shown{' '}
          <strong>only once</strong>: copy it now.
        </p>
        <CopyField label="API key" value={created.apiKey} />
        <button type="button" className="button-primary" onClick={() => onDone(created.project.id)}>
          I have saved the key — continue
        </button>
      </section>
    );
  }

  return (
    <form className="card form" onSubmit={submit} aria-labelledby={`${nameId}-title`}>
      <h2 id={`${nameId}-title`}>Create a project</h2>
      <div className="field">
        <label htmlFor={nameId}>Name</label>
        <input id={nameId} name="name" required maxLength={200} autoComplete="off" placeholder="Web app" />
      </div>
      <div className="field">
        <label htmlFor={repoId}>GitHub repository (optional)</label>
        <input
          id={repoId}
          name="repo"
          pattern="[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+"
          title="owner/name"
          placeholder="acme/web-app"
          autoComplete="off"
          aria-describedby={`${repoId}-hint`}
        />
        <p id={`${repoId}-hint`} className="hint">
          Where fixes are opened as pull requests; clusters can override it.
        </p>
      </div>
      <FormError error={create.error} />
      <button type="submit" className="button-primary" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create project'}
      </button>
    </form>
  );
}
