// The report's per-person totals table, shared by the reports screen and "my hours".
import { orDash, percent } from './format';
import { messages as m } from './messages';
import { EmptyRow, Table } from './ui';

export interface Totals {
  working_days: number;
  present: number;
  late: number;
  early_leave: number;
  absent: number;
  excused: number;
  hours_worked: number;
  overtime_hours: number;
  attendance_rate: number;
  missing_check_out: number;
}

export interface PersonTotals {
  user_id: number;
  employee_id: string | null;
  name: string;
  department: string | null;
  totals: Totals;
}

const c = m.reports.columns;

function cells(t: Totals) {
  return (
    <>
      <td class="num">{t.working_days}</td>
      <td class="num">{t.present}</td>
      <td class="num">{t.late}</td>
      <td class="num">{t.early_leave}</td>
      <td class="num">{t.absent}</td>
      <td class="num">{t.excused}</td>
      <td class="num">{t.hours_worked.toFixed(2)}</td>
      <td class="num">{t.overtime_hours.toFixed(2)}</td>
      <td class="num">{percent(t.attendance_rate)}</td>
      <td class="num">{t.missing_check_out}</td>
    </>
  );
}

export function TotalsTable({ results, totals }: { results: PersonTotals[]; totals?: Totals }) {
  return (
    <Table head={[c.name, c.employeeId, c.department, c.workingDays, c.present, c.late, c.earlyLeave, c.absent, c.excused, c.hours, c.overtime, c.rate, c.missingCheckOut]}>
      {results.length === 0 && <EmptyRow span={13} />}
      {results.map((r) => (
        <tr key={r.user_id}>
          <td>{r.name}</td>
          <td>{orDash(r.employee_id)}</td>
          <td>{orDash(r.department)}</td>
          {cells(r.totals)}
        </tr>
      ))}
      {totals && results.length > 1 && (
        <tr class="total-row">
          <th scope="row" colSpan={3}>{m.reports.totals}</th>
          {cells(totals)}
        </tr>
      )}
    </Table>
  );
}

/** The headline numbers of a Totals as tiles. */
export function TotalsTiles({ totals }: { totals: Totals }) {
  const tiles: [string, string][] = [
    [c.workingDays, String(totals.working_days)], [c.present, String(totals.present)], [c.late, String(totals.late)],
    [c.absent, String(totals.absent)], [c.hours, totals.hours_worked.toFixed(2)], [c.overtime, totals.overtime_hours.toFixed(2)],
    [c.rate, percent(totals.attendance_rate)],
  ];
  return (
    <dl class="tiles">
      {tiles.map(([label, value]) => (
        <div class="tile" key={label}><dt>{label}</dt><dd>{value}</dd></div>
      ))}
    </dl>
  );
}
