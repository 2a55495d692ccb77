// Payroll: hours × hourly rate for a period; admins mark a person's period paid (once).
import { useState } from 'preact/hooks';
import { get, post } from '../api';
import type { ScreenProps } from '../app';
import { departmentOptions, useDepartments } from '../data';
import { firstOfMonth, money, orDash, today } from '../format';
import { messages as m } from '../messages';
import { EmptyRow, ErrorNote, Field, Form, Loading, Page, Select, SuccessNote, Table, useAction, useLoad } from '../ui';

interface PayrollLine {
  user_id: number;
  employee_id: string | null;
  name: string;
  hours_worked: number;
  hourly_rate: number | null;
  earnings: number | null;
  paid: boolean;
  paid_amount: number | null;
}

export function Payroll({ role }: ScreenProps) {
  const [filters, setFilters] = useState({ from: firstOfMonth(today()), to: today(), department_id: '' });
  const [applied, setApplied] = useState(filters);
  const departments = useDepartments();
  const list = useLoad(() => get<{ results: PayrollLine[]; total_earnings: number }>('/api/admin/payroll', applied), [applied]);
  const action = useAction();
  const pay = (line: PayrollLine) => action.run(async () => {
    const body = await post<{ payment: { amount: number } }>(`/api/admin/payroll/${line.user_id}/pay`, { from: applied.from, to: applied.to });
    list.reload();
    return m.payroll.paidDone(line.name, money(body.payment.amount));
  });
  const p = m.payroll;
  return (
    <Page title={p.title}>
      <Form class="filters" onSubmit={() => setApplied({ ...filters })}>
        <Field label={m.reports.from} type="date" value={filters.from} onValue={(from) => setFilters({ ...filters, from })} required />
        <Field label={m.reports.to} type="date" value={filters.to} onValue={(to) => setFilters({ ...filters, to })} required />
        <Select label={m.reports.department} value={filters.department_id} onValue={(department_id) => setFilters({ ...filters, department_id })} options={departmentOptions(departments.data)} />
        <button type="submit" class="primary">{m.reports.run}</button>
      </Form>
      <ErrorNote error={action.error} />
      <SuccessNote text={action.done} />
      <Loading loaded={list} />
      {list.data && (
        <>
          <Table head={[m.people.name, m.people.employeeId, p.hours, p.rate, p.earnings, p.paid, '']}>
            {list.data.results.length === 0 && <EmptyRow span={7} />}
            {list.data.results.map((r) => (
              <tr key={r.user_id}>
                <td>{r.name}</td>
                <td>{orDash(r.employee_id)}</td>
                <td class="num">{r.hours_worked.toFixed(2)}</td>
                <td class="num">{r.hourly_rate === null ? p.noRate : money(r.hourly_rate)}</td>
                <td class="num">{money(r.earnings)}</td>
                <td>{r.paid ? `${m.app.yes} (${money(r.paid_amount)})` : m.app.no}</td>
                <td>{role === 'admin' && !r.paid && r.earnings !== null && <button type="button" disabled={action.busy} onClick={() => pay(r)}>{p.pay}</button>}</td>
              </tr>
            ))}
          </Table>
          <p><strong>{p.total}:</strong> {money(list.data.total_earnings)}</p>
        </>
      )}
    </Page>
  );
}
