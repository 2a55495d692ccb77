// Departments, courses and classes: admins create, edit, delete, set managers and move people in; managers read.
import { useState } from 'preact/hooks';
import { del, post, put } from '../api';
import type { ScreenProps } from '../app';
import { useDepartments, type Department } from '../data';
import { parseIds } from '../format';
import { messages as m } from '../messages';
import { Dialog, EmptyRow, ErrorNote, Field, Form, Loading, Page, Select, SuccessNote, Table, useAction } from '../ui';

export function Departments({ role }: ScreenProps) {
  const isAdmin = role === 'admin';
  const list = useDepartments();
  const [editing, setEditing] = useState<Department | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const action = useAction();
  const done = (text: string) => {
    setEditing(null);
    setNotice(text);
    list.reload();
  };
  const remove = (d: Department) => {
    if (!confirm(m.departments.confirmDelete(d.name))) return;
    action.run(async () => {
      await del(`/api/admin/departments/${d.id}`);
      done(m.departments.deleted(d.name));
    });
  };
  return (
    <Page title={m.departments.title} actions={isAdmin && <button type="button" class="primary" onClick={() => setEditing('new')}>{m.departments.newDepartment}</button>}>
      <SuccessNote text={notice} />
      <ErrorNote error={action.error} />
      <Loading loaded={list} />
      {list.data && (
        <Table head={[m.departments.name, m.departments.kind, m.departments.description, m.departments.members, m.departments.managers, isAdmin ? m.app.actions : '']}>
          {list.data.length === 0 && <EmptyRow span={6} />}
          {list.data.map((d) => (
            <tr key={d.id}>
              <td>{d.name}</td>
              <td>{m.departments.kinds[d.kind] ?? d.kind}</td>
              <td>{d.description}</td>
              <td class="num">{d.member_count}</td>
              <td>{d.manager_ids.map((id) => `#${id}`).join(', ')}</td>
              <td class="row-actions">
                {isAdmin && <button type="button" onClick={() => setEditing(d)}>{m.app.edit}</button>}
                {isAdmin && <button type="button" class="danger" onClick={() => remove(d)}>{m.app.delete}</button>}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {editing && <DepartmentDialog department={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onDone={done} />}
    </Page>
  );
}

function DepartmentDialog({ department, onClose, onDone }: { department: Department | null; onClose: () => void; onDone: (text: string) => void }) {
  const [name, setName] = useState(department?.name ?? '');
  const [kind, setKind] = useState(department?.kind ?? 'department');
  const [description, setDescription] = useState(department?.description ?? '');
  const [managers, setManagers] = useState(department?.manager_ids.join(', ') ?? '');
  const [members, setMembers] = useState('');
  const action = useAction();
  const save = () => action.run(async () => {
    const body = { name: name.trim(), kind, description: description.trim() };
    const saved = department
      ? await put<{ department: Department }>(`/api/admin/departments/${department.id}`, body)
      : await post<{ department: Department }>('/api/admin/departments', body);
    const id = saved.department.id;
    const managerIds = parseIds(managers);
    if (department || managerIds.length) await put(`/api/admin/departments/${id}/managers`, { user_ids: managerIds });
    const memberIds = parseIds(members);
    if (memberIds.length) await post(`/api/admin/departments/${id}/members`, { user_ids: memberIds });
    onDone(department ? m.app.saved : m.departments.created(saved.department.name));
  });
  return (
    <Dialog title={department ? `${m.app.edit}: ${department.name}` : m.departments.newDepartment} onClose={onClose}>
      <Form onSubmit={save}>
        <ErrorNote error={action.error} />
        <Field label={m.departments.name} value={name} onValue={setName} required />
        <Select label={m.departments.kind} value={kind} onValue={setKind} options={Object.entries(m.departments.kinds) as [string, string][]} />
        <Field label={m.departments.description} value={description} onValue={setDescription} />
        <Field label={m.departments.managerIds} value={managers} onValue={setManagers} />
        <Field label={m.sites.addMembers} value={members} onValue={setMembers} />
        <div class="buttons">
          <button type="submit" class="primary" disabled={action.busy}>{department ? m.app.save : m.app.create}</button>
          <button type="button" onClick={onClose}>{m.app.cancel}</button>
        </div>
      </Form>
    </Dialog>
  );
}
