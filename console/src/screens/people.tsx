// People: search, filter and page through accounts; admins create, edit, deactivate, block/unblock, reset
// passwords and import a CSV (all rows or none, with each row's errors).
import { useState } from 'preact/hooks';
import { del, get, post, put, upload } from '../api';
import type { ScreenProps } from '../app';
import { departmentOptions, useDepartments } from '../data';
import { orDash } from '../format';
import { messages as m } from '../messages';
import { Dialog, EmptyRow, ErrorNote, Field, Form, Loading, Page, Pager, Select, SuccessNote, Table, TextArea, useAction, useLoad } from '../ui';

export interface Person {
  id: number;
  username: string;
  employee_id: string | null;
  name: string;
  email: string;
  role: string;
  status: string;
  department_id: number | null;
  department: string | null;
  hourly_rate: number | null;
  is_active: boolean;
  face_enrolled: boolean;
  created_at: string;
  deactivated_at: string | null;
}

const PAGE_SIZE = 20;
type Open = { kind: 'create' } | { kind: 'edit' | 'password' | 'block'; person: Person } | { kind: 'import' } | null;

export function People({ role }: ScreenProps) {
  const isAdmin = role === 'admin';
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  const [roleFilter, setRoleFilter] = useState('');
  const [status, setStatus] = useState('');
  const [department, setDepartment] = useState('');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const departments = useDepartments();
  const list = useLoad(() => get<{ count: number; results: Person[] }>('/api/admin/users', {
    search: applied, role: roleFilter, status, department_id: department, page, page_size: PAGE_SIZE,
  }), [applied, roleFilter, status, department, page]);
  const action = useAction();

  const done = (text: string) => {
    setOpen(null);
    setNotice(text);
    list.reload();
  };
  const filter = (set: (v: string) => void) => (v: string) => { set(v); setPage(1); };
  const deactivate = (p: Person) => {
    if (!confirm(m.people.confirmDeactivate(p.name))) return;
    action.run(async () => {
      await del(`/api/admin/users/${p.id}`);
      done(m.people.deactivated(p.name));
    });
  };
  const reactivate = (p: Person) => action.run(async () => {
    await post(`/api/admin/users/${p.id}/reactivate`, {});
    done(m.people.reactivated(p.name));
  });
  const unblock = (p: Person) => action.run(async () => {
    await post(`/api/admin/users/${p.id}/unblock`);
    done(m.people.unblocked(p.name));
  });

  return (
    <Page title={m.people.title} actions={isAdmin && (
      <>
        <button type="button" class="primary" onClick={() => setOpen({ kind: 'create' })}>{m.people.newPerson}</button>
        <button type="button" onClick={() => setOpen({ kind: 'import' })}>{m.people.importCsv}</button>
      </>
    )}>
      <Form class="filters" onSubmit={() => { setApplied(search.trim()); setPage(1); }}>
        <Field label={m.app.search} type="search" value={search} onValue={setSearch} placeholder={m.people.searchPlaceholder} />
        <Select label={m.people.role} value={roleFilter} onValue={filter(setRoleFilter)}
          options={[['', m.app.all], ...Object.entries(m.roles)] as [string, string][]} />
        <Select label={m.people.status} value={status} onValue={filter(setStatus)}
          options={[['', m.app.all], ...Object.entries(m.userStatus)] as [string, string][]} />
        <Select label={m.people.department} value={department} onValue={filter(setDepartment)} options={departmentOptions(departments.data, m.app.all)} />
        <button type="submit">{m.app.search}</button>
      </Form>
      <SuccessNote text={notice} />
      <ErrorNote error={action.error} />
      <Loading loaded={list} />
      {list.data && (
        <>
          <Table head={[m.people.name, m.people.username, m.people.employeeId, m.people.role, m.people.department, m.people.status, m.people.face, isAdmin ? m.app.actions : '']}>
            {list.data.results.length === 0 && <EmptyRow span={8} />}
            {list.data.results.map((p) => (
              <tr key={p.id}>
                <td>{p.name}<div class="muted small">{p.email}</div></td>
                <td>{p.username}</td>
                <td>{orDash(p.employee_id)}</td>
                <td>{m.roles[p.role] ?? p.role}</td>
                <td>{orDash(p.department)}</td>
                <td><span class={`badge ${p.deactivated_at ? 'deactivated' : p.status}`}>{p.deactivated_at ? m.userStatus.deactivated : m.userStatus[p.status] ?? p.status}</span></td>
                <td>{p.face_enrolled ? m.people.enrolled : m.people.notEnrolled}</td>
                <td class="row-actions">
                  {isAdmin && !p.deactivated_at && (
                    <>
                      <button type="button" onClick={() => setOpen({ kind: 'edit', person: p })}>{m.app.edit}</button>
                      <button type="button" onClick={() => setOpen({ kind: 'password', person: p })}>{m.people.resetPassword}</button>
                      {p.status === 'blocked'
                        ? <button type="button" onClick={() => unblock(p)}>{m.people.unblock}</button>
                        : <button type="button" onClick={() => setOpen({ kind: 'block', person: p })}>{m.people.block}</button>}
                      <button type="button" class="danger" onClick={() => deactivate(p)}>{m.people.deactivate}</button>
                    </>
                  )}
                  {isAdmin && p.deactivated_at && <button type="button" onClick={() => reactivate(p)}>{m.people.reactivate}</button>}
                </td>
              </tr>
            ))}
          </Table>
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.count} onPage={setPage} />
        </>
      )}
      {open?.kind === 'create' && <PersonDialog departments={departments.data} onClose={() => setOpen(null)} onDone={done} />}
      {open?.kind === 'edit' && <PersonDialog person={open.person} departments={departments.data} onClose={() => setOpen(null)} onDone={done} />}
      {open?.kind === 'password' && <PasswordDialog person={open.person} onClose={() => setOpen(null)} onDone={done} />}
      {open?.kind === 'block' && <BlockDialog person={open.person} onClose={() => setOpen(null)} onDone={done} />}
      {open?.kind === 'import' && <ImportDialog onClose={() => setOpen(null)} onDone={done} />}
    </Page>
  );
}

function PersonDialog({ person, departments, onClose, onDone }: {
  person?: Person; departments: import('../data').Department[] | null; onClose: () => void; onDone: (text: string) => void;
}) {
  const [form, setForm] = useState({
    username: '', password: '', name: person?.name ?? '', email: person?.email ?? '', role: person?.role ?? 'employee',
    employee_id: person?.employee_id ?? '', department_id: person?.department_id ? String(person.department_id) : '',
    hourly_rate: person?.hourly_rate != null ? String(person.hourly_rate) : '',
  });
  const set = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value });
  const action = useAction();
  const save = () => action.run(async () => {
    const body: Record<string, unknown> = { name: form.name.trim(), email: form.email.trim(), role: form.role, employee_id: form.employee_id.trim() };
    if (form.hourly_rate !== '') body.hourly_rate = Number(form.hourly_rate);
    if (person) {
      body.department_id = form.department_id ? Number(form.department_id) : 0;
      const saved = await put<{ user: Person }>(`/api/admin/users/${person.id}`, body);
      onDone(m.people.updated(saved.user.name));
    } else {
      body.username = form.username.trim();
      body.password = form.password;
      if (form.department_id) body.department_id = Number(form.department_id);
      const saved = await post<{ user: Person }>('/api/admin/users', body);
      onDone(m.people.created(saved.user.name));
    }
  });
  return (
    <Dialog title={person ? `${m.app.edit}: ${person.name}` : m.people.newPerson} onClose={onClose}>
      <Form onSubmit={save}>
        <ErrorNote error={action.error} />
        {!person && <Field label={m.people.username} value={form.username} onValue={set('username')} required autoComplete="off" />}
        {!person && <Field label={m.people.password} type="password" value={form.password} onValue={set('password')} required minLength={8} autoComplete="new-password" title={m.people.passwordHint} />}
        <Field label={m.people.name} value={form.name} onValue={set('name')} required />
        <Field label={m.people.email} type="email" value={form.email} onValue={set('email')} required />
        <Select label={m.people.role} value={form.role} onValue={set('role')} options={Object.entries(m.roles) as [string, string][]} />
        <Field label={m.people.employeeId} value={form.employee_id} onValue={set('employee_id')} />
        <Select label={m.people.department} value={form.department_id} onValue={set('department_id')} options={departmentOptions(departments, m.people.noDepartment)} />
        <Field label={m.people.hourlyRate} type="number" min="0" step="0.01" value={form.hourly_rate} onValue={set('hourly_rate')} />
        <div class="buttons">
          <button type="submit" class="primary" disabled={action.busy}>{person ? m.app.save : m.app.create}</button>
          <button type="button" onClick={onClose}>{m.app.cancel}</button>
        </div>
      </Form>
    </Dialog>
  );
}

function PasswordDialog({ person, onClose, onDone }: { person: Person; onClose: () => void; onDone: (text: string) => void }) {
  const [password, setPassword] = useState('');
  const action = useAction();
  const save = () => action.run(async () => {
    await post(`/api/admin/users/${person.id}/reset-password`, { new_password: password });
    onDone(m.people.passwordReset(person.name));
  });
  return (
    <Dialog title={`${m.people.resetPassword}: ${person.name}`} onClose={onClose}>
      <Form onSubmit={save}>
        <ErrorNote error={action.error} />
        <Field label={m.people.newPassword} type="password" value={password} onValue={setPassword} required minLength={8} autoComplete="new-password" />
        <p class="muted">{m.people.passwordHint}</p>
        <div class="buttons">
          <button type="submit" class="primary" disabled={action.busy}>{m.app.save}</button>
          <button type="button" onClick={onClose}>{m.app.cancel}</button>
        </div>
      </Form>
    </Dialog>
  );
}

function BlockDialog({ person, onClose, onDone }: { person: Person; onClose: () => void; onDone: (text: string) => void }) {
  const [reason, setReason] = useState('');
  const action = useAction();
  const save = () => action.run(async () => {
    await post(`/api/admin/users/${person.id}/block`, { reason: reason.trim() });
    onDone(m.approvals.blocked(person.name));
  });
  return (
    <Dialog title={`${m.people.block}: ${person.name}`} onClose={onClose}>
      <Form onSubmit={save}>
        <ErrorNote error={action.error} />
        <TextArea label={m.approvals.reason} value={reason} onValue={setReason} required />
        <div class="buttons">
          <button type="submit" class="danger" disabled={action.busy || !reason.trim()}>{m.people.block}</button>
          <button type="button" onClick={onClose}>{m.app.cancel}</button>
        </div>
      </Form>
    </Dialog>
  );
}

interface ImportResult {
  total: number;
  imported: number;
  failed: number;
  rows: { line: number; username: string; ok: boolean; errors: string[] }[];
}

function ImportDialog({ onClose, onDone }: { onClose: () => void; onDone: (text: string) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const action = useAction();
  const send = () => action.run(async () => {
    if (!file) return;
    const form = new FormData();
    form.append('file', file, file.name);
    const answer = await upload<ImportResult>('/api/admin/users/import', form);
    if (answer.imported === answer.total && answer.failed === 0) onDone(m.people.importDone(answer.imported));
    else setResult(answer);
  });
  const failed = result?.rows.filter((r) => !r.ok) ?? [];
  return (
    <Dialog title={m.people.importTitle} onClose={onClose}>
      <Form onSubmit={send}>
        <p class="muted">{m.people.importHelp}</p>
        <ErrorNote error={action.error} />
        <label class="field wide">
          <span>{m.people.importFile}</span>
          <input type="file" accept=".csv,text/csv" required onChange={(e) => { setFile((e.target as HTMLInputElement).files?.[0] ?? null); setResult(null); }} />
        </label>
        {action.busy && <p role="status"><progress aria-label={m.people.importProgress} /> {m.people.importProgress}</p>}
        {result && (
          <>
            <p class="note error" role="alert">{m.people.importFailed(result.failed, result.total)}</p>
            <Table head={[m.people.line, m.people.username, m.people.errors]}>
              {failed.map((r) => (
                <tr key={r.line}>
                  <td>{r.line}</td>
                  <td>{orDash(r.username)}</td>
                  <td><ul class="plain">{r.errors.map((e, i) => <li key={i}>{e}</li>)}</ul></td>
                </tr>
              ))}
            </Table>
          </>
        )}
        <div class="buttons">
          <button type="submit" class="primary" disabled={action.busy || !file}>{m.people.importRun}</button>
          <button type="button" onClick={onClose}>{m.app.close}</button>
        </div>
      </Form>
    </Dialog>
  );
}
