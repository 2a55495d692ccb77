// The signed-in person's own screens (every role): today's status (the seed's single source of truth), history,
// own hours from the attendance report, and the profile.
import { useState } from 'preact/hooks';
import { get } from '../api';
import type { ScreenProps } from '../app';
import { firstOfMonth, orDash, today } from '../format';
import { messages as m } from '../messages';
import { TotalsTiles, type PersonTotals, type Totals } from '../totals';
import { EmptyRow, Field, Form, Loading, Page, Pager, Table, useLoad } from '../ui';

interface Status {
  user_status: string;
  attendance_status: string;
  date: string;
  check_in_time: string | null;
  check_out_time: string | null;
}

export function MyStatus() {
  const status = useLoad(() => get<Status>('/api/attendance/status'), []);
  const s = status.data;
  return (
    <Page title={m.me.statusTitle} actions={<button type="button" onClick={status.reload}>{m.app.refresh}</button>}>
      <Loading loaded={status} />
      {s && (
        <>
          <dl class="tiles status">
            <div class="tile"><dt>{m.me.userStatus}</dt><dd data-testid="user-status" class={`badge ${s.user_status}`}>{m.userStatus[s.user_status] ?? s.user_status}</dd></div>
            <div class="tile"><dt>{m.me.attendance}</dt><dd data-testid="attendance-status">{m.attendanceStatus[s.attendance_status] ?? s.attendance_status}</dd></div>
            <div class="tile"><dt>{m.me.date}</dt><dd>{s.date}</dd></div>
            <div class="tile"><dt>{m.me.checkIn}</dt><dd>{orDash(s.check_in_time)}</dd></div>
            <div class="tile"><dt>{m.me.checkOut}</dt><dd>{orDash(s.check_out_time)}</dd></div>
          </dl>
          <p class="muted">{m.me.punchHint}</p>
        </>
      )}
    </Page>
  );
}

interface HistoryRecord {
  date: string;
  check_in: string | null;
  check_out: string | null;
  within_allowed_time: boolean;
}

const HISTORY_PAGE = 20;

export function MyHistory() {
  const [range, setRange] = useState({ from: '', to: '' });
  const [applied, setApplied] = useState(range);
  const [page, setPage] = useState(1);
  const history = useLoad(() => get<{ total: number; records: HistoryRecord[] }>('/api/attendance/history', { ...applied, page, limit: HISTORY_PAGE }), [applied, page]);
  return (
    <Page title={m.me.historyTitle}>
      <Form class="filters" onSubmit={() => { setApplied({ ...range }); setPage(1); }}>
        <Field label={m.reports.from} type="date" value={range.from} onValue={(from) => setRange({ ...range, from })} />
        <Field label={m.reports.to} type="date" value={range.to} onValue={(to) => setRange({ ...range, to })} />
        <button type="submit">{m.app.apply}</button>
      </Form>
      <Loading loaded={history} />
      {history.data && (
        <>
          <Table head={[m.me.date, m.me.checkIn, m.me.checkOut, m.me.withinAllowed]}>
            {history.data.records.length === 0 && <EmptyRow span={4} />}
            {history.data.records.map((r) => (
              <tr key={r.date}>
                <td>{r.date}</td>
                <td>{orDash(r.check_in)}</td>
                <td>{orDash(r.check_out)}</td>
                <td>{r.within_allowed_time ? m.app.yes : m.app.no}</td>
              </tr>
            ))}
          </Table>
          <Pager page={page} pageSize={HISTORY_PAGE} total={history.data.total} onPage={setPage} />
        </>
      )}
    </Page>
  );
}

export function MyReport({ session }: ScreenProps) {
  const [range, setRange] = useState({ from: firstOfMonth(today()), to: today() });
  const [applied, setApplied] = useState(range);
  const report = useLoad(() => get<{ results: PersonTotals[]; totals: Totals }>('/api/reports/attendance', { ...applied, user_id: session.user.id }), [applied]);
  return (
    <Page title={m.me.reportTitle}>
      <Form class="filters" onSubmit={() => setApplied({ ...range })}>
        <Field label={m.reports.from} type="date" value={range.from} onValue={(from) => setRange({ ...range, from })} required />
        <Field label={m.reports.to} type="date" value={range.to} onValue={(to) => setRange({ ...range, to })} required />
        <button type="submit">{m.app.apply}</button>
      </Form>
      <Loading loaded={report} />
      {report.data && <TotalsTiles totals={report.data.totals} />}
    </Page>
  );
}

export function MyProfile({ role }: ScreenProps) {
  const profile = useLoad(() => get<{ user: { id: number; name: string; username: string; email: string } }>('/api/user/profile'), []);
  const u = profile.data?.user;
  return (
    <Page title={m.me.profileTitle}>
      <Loading loaded={profile} />
      {u && (
        <dl class="details">
          <dt>{m.me.name}</dt><dd>{u.name}</dd>
          <dt>{m.me.username}</dt><dd>{u.username}</dd>
          <dt>{m.me.email}</dt><dd>{u.email}</dd>
          <dt>{m.me.role}</dt><dd>{m.roles[role]}</dd>
          <dt>{m.me.id}</dt><dd>{u.id}</dd>
        </dl>
      )}
    </Page>
  );
}
