// The live dashboard, from the report routes: today's per-person rows (the CSV export of today) give who is in
// now, the check-ins and the late ones; the absentees route those not checked in yet; check-in-hours the chart;
// the weekly summary the attendance-rate trend. Reloads every 30 seconds.
import { useEffect } from 'preact/hooks';
import { fetchText, get } from '../api';
import { BarChart, LineChart } from '../chart';
import { addDays, csvRecords, orDash, percent, today } from '../format';
import { messages as m } from '../messages';
import { EmptyRow, Loading, Page, Table, useLoad } from '../ui';

interface DashboardData {
  date: string;
  rows: Record<string, string>[];
  absentees: { user_id: number; name: string; department: string | null; employee_id: string | null }[];
  hours: { hour: number; check_ins: number }[];
  trend: { period_start: string; totals: { attendance_rate: number; working_days: number } }[];
}

async function loadDashboard(): Promise<DashboardData> {
  const date = today();
  const [csv, absentees, hours, summary] = await Promise.all([
    fetchText('/api/reports/attendance', { from: date, to: date, format: 'csv' }),
    get('/api/reports/absentees', { date }),
    get('/api/reports/check-in-hours', { from: date, to: date }),
    get('/api/reports/summary', { period: 'weekly', from: addDays(date, -7 * 7 - ((new Date().getDay() + 6) % 7)), to: date }),
  ]);
  return { date, rows: csvRecords(csv), absentees: absentees.results, hours: hours.hours, trend: summary.results };
}

export function Dashboard() {
  const data = useLoad(loadDashboard, []);
  useEffect(() => {
    const timer = setInterval(data.reload, 30_000);
    return () => clearInterval(timer);
  }, []);
  const d = data.data;
  const present = d?.rows.filter((r) => r.check_in) ?? [];
  const inNow = present.filter((r) => !r.check_out);
  const late = d?.rows.filter((r) => r.status === 'late') ?? [];
  const due = present.length + (d?.absentees.length ?? 0);
  return (
    <Page title={`${m.dashboard.title}${d ? ` · ${d.date}` : ''}`} actions={<button type="button" onClick={data.reload}>{m.app.refresh}</button>}>
      <p class="muted small">{m.dashboard.autoRefresh}</p>
      <Loading loaded={data} />
      {d && (
        <>
          <dl class="tiles">
            <div class="tile"><dt>{m.dashboard.inNow}</dt><dd>{inNow.length}</dd></div>
            <div class="tile"><dt>{m.dashboard.checkedInToday}</dt><dd>{present.length}</dd></div>
            <div class="tile"><dt>{m.dashboard.late}</dt><dd>{late.length}</dd></div>
            <div class="tile"><dt>{m.dashboard.absent}</dt><dd>{d.absentees.length}</dd></div>
            <div class="tile"><dt>{m.dashboard.rate}</dt><dd>{percent(due ? present.length / due : null)}</dd></div>
          </dl>
          <div class="charts">
            <BarChart label={m.dashboard.perHour} values={d.hours.map((h) => h.check_ins)} labelOf={m.dashboard.hourLabel} />
            <LineChart label={m.dashboard.trend}
              points={d.trend.map((p) => ({ label: p.period_start, value: p.totals.working_days ? p.totals.attendance_rate : null }))} />
          </div>
          <div class="columns">
            <section aria-labelledby="in-now">
              <h2 id="in-now">{m.dashboard.inNow}</h2>
              <Table head={[m.people.name, m.people.department, m.me.checkIn]}>
                {inNow.length === 0 && <EmptyRow span={3} />}
                {inNow.map((r) => <tr key={r.user_id}><td>{r.name}</td><td>{orDash(r.department)}</td><td>{r.check_in}{r.status === 'late' ? ` (${m.dashboard.late})` : ''}</td></tr>)}
              </Table>
            </section>
            <section aria-labelledby="absent-now">
              <h2 id="absent-now">{m.dashboard.absentees}</h2>
              <Table head={[m.people.name, m.people.department]}>
                {d.absentees.length === 0 && <EmptyRow span={2} />}
                {d.absentees.map((r) => <tr key={r.user_id}><td>{r.name}</td><td>{orDash(r.department)}</td></tr>)}
              </Table>
            </section>
          </div>
        </>
      )}
    </Page>
  );
}
