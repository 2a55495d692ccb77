// The attendance report: date range and filters, per-person totals, and the CSV / XLSX / PDF downloads.
import { useState } from 'preact/hooks';
import { download, get } from '../api';
import { departmentOptions, siteOptions, useDepartments, useSites } from '../data';
import { firstOfMonth, today } from '../format';
import { messages as m } from '../messages';
import { TotalsTable, type PersonTotals, type Totals } from '../totals';
import { ErrorNote, Field, Form, Loading, Page, Select, SuccessNote, useAction, useLoad } from '../ui';

export function Reports() {
  const [filters, setFilters] = useState({ from: firstOfMonth(today()), to: today(), department_id: '', site_id: '', user_id: '' });
  const [applied, setApplied] = useState(filters);
  const departments = useDepartments();
  const sites = useSites();
  const report = useLoad(() => get<{ results: PersonTotals[]; totals: Totals }>('/api/reports/attendance', applied), [applied]);
  const downloading = useAction();
  const set = (key: keyof typeof filters) => (value: string) => setFilters({ ...filters, [key]: value });
  const fetchFile = (format: 'csv' | 'xlsx' | 'pdf') => downloading.run(async () => {
    const name = await download('/api/reports/attendance', { ...applied, format }, `attendance.${format}`);
    return name;
  });
  return (
    <Page title={m.reports.title}>
      <Form class="filters" onSubmit={() => setApplied({ ...filters })}>
        <Field label={m.reports.from} type="date" value={filters.from} onValue={set('from')} required />
        <Field label={m.reports.to} type="date" value={filters.to} onValue={set('to')} required />
        <Select label={m.reports.department} value={filters.department_id} onValue={set('department_id')} options={departmentOptions(departments.data)} />
        <Select label={m.reports.site} value={filters.site_id} onValue={set('site_id')} options={siteOptions(sites.data)} />
        <Field label={m.reports.person} type="number" min="1" value={filters.user_id} onValue={set('user_id')} />
        <button type="submit" class="primary">{m.reports.run}</button>
      </Form>
      <div class="buttons downloads" role="group" aria-label={m.reports.download}>
        <span>{m.reports.download}:</span>
        <button type="button" disabled={downloading.busy} onClick={() => fetchFile('csv')}>{m.reports.csv}</button>
        <button type="button" disabled={downloading.busy} onClick={() => fetchFile('xlsx')}>{m.reports.xlsx}</button>
        <button type="button" disabled={downloading.busy} onClick={() => fetchFile('pdf')}>{m.reports.pdf}</button>
        {downloading.busy && <span role="status">{m.reports.downloading}</span>}
      </div>
      <ErrorNote error={downloading.error} />
      <SuccessNote text={downloading.done} />
      <Loading loaded={report} />
      {report.data && <TotalsTable results={report.data.results} totals={report.data.totals} />}
    </Page>
  );
}
