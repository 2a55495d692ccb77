// The audit log (admin): every admin action, newest first, filtered by actor and action.
import { useState } from 'preact/hooks';
import { get } from '../api';
import { dateTime, orDash } from '../format';
import { messages as m } from '../messages';
import { EmptyRow, Field, Form, Loading, Page, Pager, Table, useLoad } from '../ui';

interface AuditEntry {
  id: number;
  actor_user_id: number | null;
  actor_kind: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: string | null;
  client_ip: string | null;
  created_at: string;
}

const PAGE_SIZE = 50;

export function Audit() {
  const [filters, setFilters] = useState({ action: '', actor_user_id: '', from: '', to: '' });
  const [applied, setApplied] = useState(filters);
  const [page, setPage] = useState(1);
  const list = useLoad(() => get<{ count: number; results: AuditEntry[] }>('/api/admin/audit-log', { ...applied, page, page_size: PAGE_SIZE }), [applied, page]);
  const a = m.audit;
  const set = (key: keyof typeof filters) => (value: string) => setFilters({ ...filters, [key]: value });
  return (
    <Page title={a.title}>
      <Form class="filters" onSubmit={() => { setApplied({ ...filters }); setPage(1); }}>
        <Field label={a.actionFilter} value={filters.action} onValue={set('action')} placeholder="user." />
        <Field label={a.actorFilter} type="number" min="1" value={filters.actor_user_id} onValue={set('actor_user_id')} />
        <Field label={m.reports.from} type="date" value={filters.from} onValue={set('from')} />
        <Field label={m.reports.to} type="date" value={filters.to} onValue={set('to')} />
        <button type="submit">{m.app.apply}</button>
      </Form>
      <Loading loaded={list} />
      {list.data && (
        <>
          <Table head={[a.when, a.actor, a.action, a.target, a.details, a.address]}>
            {list.data.results.length === 0 && <EmptyRow span={6} />}
            {list.data.results.map((r) => (
              <tr key={r.id}>
                <td>{dateTime(r.created_at)}</td>
                <td>{r.actor_user_id ? `#${r.actor_user_id}` : r.actor_kind}</td>
                <td><code>{r.action}</code></td>
                <td>{r.target_type ? `${r.target_type} ${orDash(r.target_id)}` : '—'}</td>
                <td><code class="details-json">{orDash(r.details)}</code></td>
                <td>{orDash(r.client_ip)}</td>
              </tr>
            ))}
          </Table>
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.count} onPage={setPage} />
        </>
      )}
    </Page>
  );
}
