import { useId, useRef, type FormEvent } from 'react';
import { ErrorMessage, FormError } from '../../../components/error-message';
import { Loading } from '../../../components/loading';
import { useCurrentProject } from '../../../lib/project-context';
import { useAddMember, useMembers, useRemoveMember, type Member } from '../api/members';

/** Who can see the current project. Owners add people by GitHub login (they must have signed in once). */
export function MembersPanel() {
  const project = useCurrentProject();
  const ids = { login: useId(), role: useId() };
  const form = useRef<HTMLFormElement>(null);
  const members = useMembers(project.id);
  const add = useAddMember(project.id);
  const remove = useRemoveMember(project.id);
  const isOwner = project.role === 'owner';

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    add.mutate(
      { login: String(data.get('login') ?? '').trim(), role: String(data.get('role')) as Member['role'] },
      { onSuccess: () => form.current?.reset() },
    );
  };

  return (
    <section className="card" aria-labelledby="members-heading">
      <h2 id="members-heading">Members of {project.name}</h2>
      {members.isPending && <Loading label="Loading members…" />}
      {members.isError && <ErrorMessage error={members.error} onRetry={() => void members.refetch()} />}
      <ul className="item-list">
        {(members.data?.items ?? []).map((m) => (
          <li key={m.userId} className="item row">
            {m.avatarUrl !== null && <img src={m.avatarUrl} alt="" width={20} height={20} />}
            <strong>{m.login}</strong>
            {m.name !== null && <span className="muted">{m.name}</span>}
            <span className="badge">{m.role}</span>
            {isOwner && (
              <button
                type="button"
                className="push-right"
                disabled={remove.isPending}
                onClick={() => remove.mutate(m.userId)}
              >
                Remove {m.login}
              </button>
            )}
          </li>
        ))}
      </ul>
      <FormError error={remove.error} />
      {isOwner ? (
        <form ref={form} className="row" onSubmit={submit} aria-label="Add a member">
          <div className="field">
            <label htmlFor={ids.login}>GitHub login</label>
            <input id={ids.login} name="login" required maxLength={100} autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor={ids.role}>Role</label>
            <select id={ids.role} name="role" defaultValue="member">
              <option value="member">Member</option>
              <option value="owner">Owner</option>
            </select>
          </div>
          <div className="field">
            <button type="submit" disabled={add.isPending}>
              Add member
            </button>
          </div>
        </form>
      ) : (
        <p className="muted small">Only owners can add or remove members.</p>
      )}
      <FormError error={add.error} />
    </section>
  );
}
