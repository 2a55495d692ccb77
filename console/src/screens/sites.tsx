// Sites: the list with each geofence drawn on a plan; admins create and edit a circle geofence on the plan,
// retire sites and manage who belongs (people directly, or whole departments).
import { useState } from 'preact/hooks';
import { del, get, post, put } from '../api';
import type { ScreenProps } from '../app';
import { departmentOptions, useDepartments, useSites, type Site } from '../data';
import { parseIds } from '../format';
import { messages as m } from '../messages';
import { SitePlan, type LatLon } from '../plan';
import { Dialog, EmptyRow, ErrorNote, Field, Form, Loading, Page, Select, SuccessNote, Table, useAction, useLoad } from '../ui';

const DEFAULT_CENTRE: LatLon = { latitude: 24.8607, longitude: 67.0011 };

type Open = { kind: 'edit'; site: Site | null } | { kind: 'members'; site: Site } | null;

export function Sites({ role }: ScreenProps) {
  const isAdmin = role === 'admin';
  const sites = useSites();
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const action = useAction();
  const done = (text: string) => {
    setOpen(null);
    setNotice(text);
    sites.reload();
  };
  const retire = (site: Site) => {
    if (!confirm(m.sites.confirmRetire(site.name))) return;
    action.run(async () => {
      await del(`/api/admin/sites/${site.id}`);
      done(m.sites.retired(site.name));
    });
  };
  return (
    <Page title={m.sites.title} actions={isAdmin && <button type="button" class="primary" onClick={() => setOpen({ kind: 'edit', site: null })}>{m.sites.newSite}</button>}>
      <SuccessNote text={notice} />
      <ErrorNote error={action.error} />
      <Loading loaded={sites} />
      {sites.data && (
        <Table head={[m.sites.name, m.sites.timeZone, m.sites.geofence, m.app.actions]}>
          {sites.data.length === 0 && <EmptyRow span={4} />}
          {sites.data.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>{s.time_zone}</td>
              <td>{s.geofence_kind === 'circle' ? m.sites.circle(s.radius_m ?? 0) : m.sites.polygon(s.polygon.length)}</td>
              <td class="row-actions">
                <button type="button" onClick={() => setOpen({ kind: 'members', site: s })}>{m.sites.members}</button>
                {isAdmin && <button type="button" onClick={() => setOpen({ kind: 'edit', site: s })}>{m.app.edit}</button>}
                {isAdmin && <button type="button" class="danger" onClick={() => retire(s)}>{m.sites.retire}</button>}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {open?.kind === 'edit' && <SiteDialog site={open.site} onClose={() => setOpen(null)} onDone={done} />}
      {open?.kind === 'members' && <MembersDialog site={open.site} canEdit={isAdmin} onClose={() => setOpen(null)} />}
    </Page>
  );
}

function SiteDialog({ site, onClose, onDone }: { site: Site | null; onClose: () => void; onDone: (text: string) => void }) {
  const start = site?.center ?? site?.polygon[0] ?? DEFAULT_CENTRE;
  const [origin] = useState<LatLon>(start);
  const [name, setName] = useState(site?.name ?? '');
  const [timeZone, setTimeZone] = useState(site?.time_zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [center, setCenter] = useState<LatLon>(site?.center ?? start);
  const [radius, setRadius] = useState(String(site?.radius_m ?? 150));
  const action = useAction();
  const save = () => action.run(async () => {
    const body = { name: name.trim(), time_zone: timeZone.trim(), center, radius_m: Number(radius) };
    const saved = site
      ? await put<{ site: Site }>(`/api/admin/sites/${site.id}`, body)
      : await post<{ site: Site }>('/api/admin/sites', body);
    onDone(site ? m.sites.updated(saved.site.name) : m.sites.created(saved.site.name));
  });
  const coordinate = (key: keyof LatLon) => (value: string) => setCenter({ ...center, [key]: Number(value) });
  return (
    <Dialog title={site ? `${m.app.edit}: ${site.name}` : m.sites.newSite} onClose={onClose}>
      <Form onSubmit={save} class="form site-form">
        <div class="site-fields">
          <ErrorNote error={action.error} />
          <Field label={m.sites.name} value={name} onValue={setName} required />
          <Field label={m.sites.timeZone} value={timeZone} onValue={setTimeZone} required />
          <Field label={m.sites.latitude} type="number" step="0.000001" min="-90" max="90" value={center.latitude} onValue={coordinate('latitude')} required />
          <Field label={m.sites.longitude} type="number" step="0.000001" min="-180" max="180" value={center.longitude} onValue={coordinate('longitude')} required />
          <Field label={m.sites.radius} type="number" min="1" step="1" value={radius} onValue={setRadius} required />
          <div class="buttons">
            <button type="submit" class="primary" disabled={action.busy}>{site ? m.app.save : m.app.create}</button>
            <button type="button" onClick={onClose}>{m.app.cancel}</button>
          </div>
        </div>
        <SitePlan origin={origin} center={center} radius={Number(radius) || 0} polygon={site?.geofence_kind === 'polygon' ? site.polygon : undefined} onCenter={setCenter} />
      </Form>
    </Dialog>
  );
}

interface Member {
  user_id: number;
  username: string;
  name: string;
  direct: boolean;
  via_department_id: number | null;
}

function MembersDialog({ site, canEdit, onClose }: { site: Site; canEdit: boolean; onClose: () => void }) {
  const members = useLoad(() => get<{ results: Member[]; department_ids: number[] }>(`/api/admin/sites/${site.id}/members`), [site.id]);
  const departments = useDepartments();
  const [ids, setIds] = useState('');
  const [department, setDepartment] = useState('');
  const action = useAction();
  const nameOf = (id: number) => departments.data?.find((d) => d.id === id)?.name ?? `#${id}`;
  const addPeople = () => action.run(async () => {
    const body = await post<{ added: number }>(`/api/admin/sites/${site.id}/members`, { user_ids: parseIds(ids) });
    setIds('');
    members.reload();
    return m.sites.added(body.added);
  });
  const addDepartment = () => action.run(async () => {
    const body = await post<{ added: number }>(`/api/admin/sites/${site.id}/departments`, { department_id: Number(department) });
    members.reload();
    return m.sites.added(body.added);
  });
  const remove = (member: Member) => action.run(async () => {
    await del(`/api/admin/sites/${site.id}/members/${member.user_id}`);
    members.reload();
  });
  const unassign = (id: number) => action.run(async () => {
    await del(`/api/admin/sites/${site.id}/departments/${id}`);
    members.reload();
  });
  return (
    <Dialog title={`${m.sites.members}: ${site.name}`} onClose={onClose}>
      <SitePlan origin={site.center ?? site.polygon[0]} center={site.center} radius={site.radius_m ?? 0} polygon={site.polygon} />
      <ErrorNote error={action.error} />
      <SuccessNote text={action.done} />
      {canEdit && (
        <div class="inline-forms">
          <Form onSubmit={addPeople} class="filters">
            <Field label={m.sites.addMembers} value={ids} onValue={setIds} required />
            <button type="submit" disabled={action.busy}>{m.app.apply}</button>
          </Form>
          <Form onSubmit={addDepartment} class="filters">
            <Select label={m.sites.addDepartment} value={department} onValue={setDepartment} options={departmentOptions(departments.data, '—')} />
            <button type="submit" disabled={action.busy || !department}>{m.app.apply}</button>
          </Form>
        </div>
      )}
      {members.data && members.data.department_ids.length > 0 && (
        <ul class="chips">
          {members.data.department_ids.map((id) => (
            <li key={id}>{nameOf(id)} {canEdit && <button type="button" class="link" onClick={() => unassign(id)} aria-label={`${m.sites.remove} ${nameOf(id)}`}>×</button>}</li>
          ))}
        </ul>
      )}
      <Loading loaded={members} />
      {members.data && (
        <Table head={[m.people.name, m.people.username, '', '']}>
          {members.data.results.length === 0 && <EmptyRow span={4} />}
          {members.data.results.map((p) => (
            <tr key={p.user_id}>
              <td>{p.name}</td>
              <td>{p.username}</td>
              <td>{p.direct ? m.sites.direct : m.sites.via(nameOf(p.via_department_id ?? 0))}</td>
              <td>{canEdit && p.direct && <button type="button" onClick={() => remove(p)}>{m.sites.remove}</button>}</td>
            </tr>
          ))}
        </Table>
      )}
    </Dialog>
  );
}
