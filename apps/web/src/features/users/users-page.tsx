import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { MIN_PASSWORD_LENGTH, PASSWORD_RULE } from '@medlabel/schema';
import { api, errorMessage, unwrap, type User } from '../../api.js';
import { keys, usersQuery } from '../../queries.js';
import { ExpertiseEditor, type Expertise } from '../../components/expertise-editor.js';
import { ErrorText, LoadStatus } from '../../components/status.js';

type Role = User['role'];
const ROLES: Role[] = ['annotator', 'reviewer', 'researcher', 'admin'];

/** Admin: create users, deactivate them, set role and expertise. */
export function UsersPage() {
  const users = useQuery(usersQuery());
  const queries = useQueryClient();
  const reload = () => void queries.invalidateQueries({ queryKey: keys.users });
  const [editing, setEditing] = useState<number | null>(null);
  return (
    <div className="page">
      <h1>Users</h1>
      <CreateUser onCreated={reload} />
      <LoadStatus query={users} />
      <table aria-label="Users">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Expertise</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.data?.map((user) =>
            editing === user.id ? (
              <EditUser
                key={user.id}
                user={user}
                onDone={() => {
                  setEditing(null);
                  reload();
                }}
              />
            ) : (
              <tr key={user.id} data-user-email={user.email}>
                <td>{user.name}</td>
                <td>{user.email}</td>
                <td>{user.role}</td>
                <td>
                  {user.expertise
                    .map((e) => `${e.specialty}/${e.modality} (${e.level})`)
                    .join(', ') || '—'}
                </td>
                <td>{user.active ? 'active' : 'deactivated'}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => setEditing(user.id)}
                    aria-label={`Edit ${user.email}`}
                  >
                    Edit
                  </button>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const [created, setCreated] = useState<User>();
  const [form, setForm] = useState({
    email: '',
    name: '',
    password: '',
    role: 'annotator' as Role,
  });
  const [expertise, setExpertise] = useState<Expertise[]>([]);
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setCreated(undefined);
    try {
      setCreated(unwrap(await api.POST('/api/users', { body: { ...form, expertise } })));
      setForm({ email: '', name: '', password: '', role: 'annotator' });
      setExpertise([]);
      setError(undefined);
      onCreated();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <details className="card create">
      <summary>Create a user</summary>
      <form onSubmit={(e) => void submit(e)} className="stack">
        <div className="row">
          <label>
            Email
            <input
              type="email"
              required
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.target.value })}
            />
          </label>
          <label>
            Name
            <input
              type="text"
              required
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
            />
          </label>
          <label>
            Password
            <input
              type="password"
              required
              minLength={MIN_PASSWORD_LENGTH}
              autoComplete="new-password"
              aria-describedby="new-user-password-rule"
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
            />
          </label>
          <label>
            Role
            <select
              value={form.role}
              onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
            >
              {ROLES.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
        </div>
        <p id="new-user-password-rule" className="muted">
          Password: {PASSWORD_RULE}
        </p>
        <ExpertiseEditor value={expertise} onChange={setExpertise} idPrefix="new" />
        <ErrorText error={error} />
        {created && (
          <p role="status" data-testid="user-created">
            Created {created.name} ({created.role}), who signs in as {created.email} with the
            password you chose. Give it to them in person or by another channel than this email.
          </p>
        )}
        <button type="submit" className="primary">
          Create user
        </button>
      </form>
    </details>
  );
}

function EditUser({ user, onDone }: { user: User; onDone: () => void }) {
  const [role, setRole] = useState(user.role);
  const [active, setActive] = useState(user.active);
  const [expertise, setExpertise] = useState<Expertise[]>(user.expertise);
  const [error, setError] = useState('');
  const [password, setPassword] = useState('');
  const [reset, setReset] = useState('');
  const resetPassword = async (event: FormEvent) => {
    event.preventDefault();
    setError('');
    try {
      unwrap(
        await api.PATCH('/api/users/{id}', {
          params: { path: { id: user.id } },
          body: { password },
        }),
      );
      setPassword('');
      setReset(
        `New password set for ${user.name}: every session of theirs was signed out and their API tokens revoked.`,
      );
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const save = async () => {
    try {
      unwrap(
        await api.PATCH('/api/users/{id}', {
          params: { path: { id: user.id } },
          body: { role, active, expertise },
        }),
      );
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <tr data-user-email={user.email}>
      <td>{user.name}</td>
      <td>{user.email}</td>
      <td>
        <select aria-label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </td>
      <td>
        <ExpertiseEditor value={expertise} onChange={setExpertise} idPrefix={`u${user.id}`} />
      </td>
      <td>
        <label className="inline">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />{' '}
          Active
        </label>
      </td>
      <td>
        <button type="button" className="primary" onClick={() => void save()}>
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <form className="reset-password" onSubmit={(e) => void resetPassword(e)}>
          <label>
            New password
            <input
              type="password"
              required
              minLength={MIN_PASSWORD_LENGTH}
              autoComplete="new-password"
              title={PASSWORD_RULE}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <button type="submit">Reset password</button>
        </form>
        {reset && <p role="status">{reset}</p>}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}
