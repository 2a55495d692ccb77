// Corrections and marks: fix or add a person's check-in/out with a reason, mark a whole department at once, and
// the list of corrections made.
import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { departmentOptions, useDepartments } from '../data';
import { dateTime, orDash, today } from '../format';
import { messages as m } from '../messages';
import { EmptyRow, ErrorNote, Field, Form, Loading, Page, Pager, Select, SuccessNote, Table, TextArea, useAction, useLoad } from '../ui';

interface Correction {
  id: number;
  user_id: number;
  date: string;
  kind: string;
  corrected_at: string;
  time_zone: string;
  original_punched_at: string | null;
  reason: string;
  corrected_by: number;
  created_at: string;
}

const PAGE_SIZE = 20;
const c = m.corrections;

export function Corrections() {
  const [filterUser, setFilterUser] = useState('');
  const [page, setPage] = useState(1);
  const list = useLoad(() => get<{ count: number; results: Correction[] }>('/api/admin/attendance/corrections', { user_id: filterUser, page, page_size: PAGE_SIZE }), [filterUser, page]);
  return (
    <Page title={c.title}>
      <div class="columns">
        <CorrectionForm onDone={list.reload} />
        <BulkMarkForm onDone={list.reload} />
      </div>
      <div class="filters">
        <Field label={c.userId} type="number" min="1" value={filterUser} onValue={(v) => { setFilterUser(v); setPage(1); }} />
      </div>
      <Loading loaded={list} />
      {list.data && (
        <>
          <Table head={[c.userId, c.date, c.kind, c.time, c.original, c.reason, c.correctedBy]}>
            {list.data.results.length === 0 && <EmptyRow span={7} />}
            {list.data.results.map((r) => (
              <tr key={r.id}>
                <td>{r.user_id}</td>
                <td>{r.date}</td>
                <td>{c.kinds[r.kind] ?? r.kind}</td>
                <td>{r.corrected_at} <span class="muted small">{r.time_zone}</span></td>
                <td>{r.original_punched_at ? dateTime(r.original_punched_at) : '—'}</td>
                <td>{r.reason}</td>
                <td>{orDash(r.corrected_by)}</td>
              </tr>
            ))}
          </Table>
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.count} onPage={setPage} />
        </>
      )}
    </Page>
  );
}

function CorrectionForm({ onDone }: { onDone: () => void }) {
  const [form, setForm] = useState({ user_id: '', date: today(), kind: 'check_in', time: '09:00', time_zone: '', reason: '' });
  const set = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value });
  const action = useAction();
  const save = () => action.run(async () => {
    await post('/api/admin/attendance/corrections', { ...form, user_id: Number(form.user_id), reason: form.reason.trim(), time_zone: form.time_zone || undefined });
    onDone();
    return c.saved;
  });
  return (
    <section class="panel" aria-labelledby="correct-title">
      <h2 id="correct-title">{c.newCorrection}</h2>
      <Form onSubmit={save}>
        <ErrorNote error={action.error} />
        <SuccessNote text={action.done} />
        <Field label={c.userId} type="number" min="1" value={form.user_id} onValue={set('user_id')} required />
        <Field label={c.date} type="date" value={form.date} onValue={set('date')} required />
        <Select label={c.kind} value={form.kind} onValue={set('kind')} options={Object.entries(c.kinds) as [string, string][]} />
        <Field label={c.time} type="time" value={form.time} onValue={set('time')} required />
        <Field label={c.timeZone} value={form.time_zone} onValue={set('time_zone')} placeholder="Asia/Karachi" />
        <TextArea label={c.reason} value={form.reason} onValue={set('reason')} required />
        <div class="buttons"><button type="submit" class="primary" disabled={action.busy}>{m.app.save}</button></div>
      </Form>
    </section>
  );
}

function BulkMarkForm({ onDone }: { onDone: () => void }) {
  const departments = useDepartments();
  const [form, setForm] = useState({ department_id: '', date: today(), check_in: '09:00', check_out: '', reason: '' });
  const set = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value });
  const action = useAction();
  const save = () => action.run(async () => {
    const body = await post<{ marked: number; skipped: number }>('/api/admin/attendance/bulk-marks', {
      ...form, department_id: Number(form.department_id), check_out: form.check_out || undefined, reason: form.reason.trim(),
    });
    onDone();
    return c.bulkDone(body.marked, body.skipped);
  });
  return (
    <section class="panel" aria-labelledby="bulk-title">
      <h2 id="bulk-title">{c.bulkTitle}</h2>
      <Form onSubmit={save}>
        <ErrorNote error={action.error} />
        <SuccessNote text={action.done} />
        <Select label={m.people.department} value={form.department_id} onValue={set('department_id')} options={departmentOptions(departments.data, '—')} />
        <Field label={c.date} type="date" value={form.date} onValue={set('date')} required />
        <Field label={c.checkIn} type="time" value={form.check_in} onValue={set('check_in')} required />
        <Field label={c.checkOut} type="time" value={form.check_out} onValue={set('check_out')} />
        <TextArea label={c.reason} value={form.reason} onValue={set('reason')} required />
        <div class="buttons"><button type="submit" class="primary" disabled={action.busy || !form.department_id}>{m.app.apply}</button></div>
      </Form>
    </section>
  );
}
