// Holidays: days off for everybody. Admins add, rename and remove; managers read.
import { useState } from 'preact/hooks';
import { del, get, put } from '../api';
import type { ScreenProps } from '../app';
import { today } from '../format';
import { messages as m } from '../messages';
import { EmptyRow, ErrorNote, Field, Form, Loading, Page, SuccessNote, Table, useAction, useLoad } from '../ui';

export function Holidays({ role }: ScreenProps) {
  const isAdmin = role === 'admin';
  const [year, setYear] = useState(today().slice(0, 4));
  const list = useLoad(() => get<{ results: { date: string; name: string }[] }>('/api/admin/holidays', { year }), [year]);
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const action = useAction();
  const add = () => action.run(async () => {
    await put(`/api/admin/holidays/${date}`, { name: name.trim() });
    setDate('');
    setName('');
    list.reload();
    return m.app.saved;
  });
  const remove = (day: string) => action.run(async () => {
    await del(`/api/admin/holidays/${day}`);
    list.reload();
  });
  return (
    <Page title={m.holidays.title}>
      <div class="filters">
        <Field label={m.holidays.year} type="number" min="2000" max="2100" value={year} onValue={setYear} />
      </div>
      {isAdmin && (
        <Form onSubmit={add} class="filters">
          <Field label={m.holidays.date} type="date" value={date} onValue={setDate} required />
          <Field label={m.holidays.name} value={name} onValue={setName} required />
          <button type="submit" class="primary" disabled={action.busy}>{m.holidays.add}</button>
        </Form>
      )}
      <ErrorNote error={action.error} />
      <SuccessNote text={action.done} />
      <Loading loaded={list} />
      {list.data && (
        <Table head={[m.holidays.date, m.holidays.name, '']}>
          {list.data.results.length === 0 && <EmptyRow span={3} />}
          {list.data.results.map((h) => (
            <tr key={h.date}>
              <td>{h.date}</td>
              <td>{h.name}</td>
              <td>{isAdmin && <button type="button" class="danger" onClick={() => remove(h.date)}>{m.app.delete}</button>}</td>
            </tr>
          ))}
        </Table>
      )}
    </Page>
  );
}
