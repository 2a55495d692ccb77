// The approval queue: each enrolment's kept photo, large enough to judge, with approve / reject / block.
import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { dateTime, imageTypeOf, orDash } from '../format';
import { messages as m } from '../messages';
import { ErrorNote, Loading, Page, Pager, Select, SuccessNote, TextArea, useAction, useLoad } from '../ui';

interface Enrollment {
  id: number;
  user_id: number;
  username: string;
  name: string;
  status: string;
  created_at: string;
  template_count: number;
  photo: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

const PAGE_SIZE = 12;

export function Approvals() {
  const [status, setStatus] = useState('pending');
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useLoad(() => get<{ total: number; enrollments: Enrollment[] }>('/api/admin/enrollments', { status, page, limit: PAGE_SIZE }), [status, page]);
  const statusOptions = Object.entries(m.approvals.enrollmentStatus) as [string, string][];

  return (
    <Page title={m.approvals.title} actions={<button type="button" onClick={list.reload}>{m.app.refresh}</button>}>
      <div class="filters">
        <Select label={m.approvals.statusFilter} value={status} onValue={(v) => { setStatus(v); setPage(1); }} options={statusOptions} />
      </div>
      <SuccessNote text={notice} />
      <Loading loaded={list} />
      {list.data && list.data.enrollments.length === 0 && <p class="muted">{status === 'pending' ? m.approvals.empty : m.app.empty}</p>}
      <ul class="cards">
        {list.data?.enrollments.map((e) => (
          <EnrollmentCard key={e.id} enrollment={e} onDecided={(text) => { setNotice(text); list.reload(); }} />
        ))}
      </ul>
      {list.data && list.data.total > PAGE_SIZE && <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} />}
    </Page>
  );
}

function EnrollmentCard({ enrollment: e, onDecided }: { enrollment: Enrollment; onDecided: (text: string) => void }) {
  const [mode, setMode] = useState<'reject' | 'block' | null>(null);
  const [reason, setReason] = useState('');
  const action = useAction();
  const decide = (kind: 'approve' | 'reject' | 'block') => action.run(async () => {
    if (kind === 'approve') await post(`/api/admin/users/${e.user_id}/approve`);
    else await post(`/api/admin/users/${e.user_id}/${kind}`, { reason: reason.trim() });
    const text = kind === 'approve' ? m.approvals.approved(e.name) : kind === 'reject' ? m.approvals.rejected(e.name) : m.approvals.blocked(e.name);
    onDecided(text);
  });
  return (
    <li class="card enrollment" aria-label={e.name}>
      {e.photo
        ? <img class="enrol-photo" src={`data:${imageTypeOf(e.photo)};base64,${e.photo}`} alt={m.approvals.photoAlt(e.name)} />
        : <div class="enrol-photo none">{m.approvals.noPhoto}</div>}
      <div class="card-body">
        <h2>{e.name}</h2>
        <p class="muted">{e.username} · #{e.user_id}</p>
        <p>{m.approvals.enrolledAt}: {dateTime(e.created_at)}</p>
        <p>{m.approvals.templates(e.template_count)}</p>
        {e.status !== 'pending' && (
          <p>{m.approvals.decided}: {dateTime(e.decided_at)} · {m.approvals.decision}: {orDash(e.decision_reason)}</p>
        )}
        <ErrorNote error={action.error} />
        {e.status === 'pending' && !mode && (
          <div class="buttons">
            <button type="button" class="primary" disabled={action.busy} onClick={() => decide('approve')}>{m.approvals.approve}</button>
            <button type="button" disabled={action.busy} onClick={() => setMode('reject')}>{m.approvals.reject}</button>
            <button type="button" class="danger" disabled={action.busy} onClick={() => setMode('block')}>{m.approvals.block}</button>
          </div>
        )}
        {mode && (
          <form class="form" onSubmit={(ev) => { ev.preventDefault(); decide(mode); }}>
            <TextArea label={m.approvals.reason} value={reason} onValue={setReason} required />
            <p class="muted">{m.approvals.reasonRequired}</p>
            <div class="buttons">
              <button type="submit" class={mode === 'block' ? 'danger' : 'primary'} disabled={action.busy || !reason.trim()}>
                {mode === 'block' ? m.approvals.block : m.approvals.reject}
              </button>
              <button type="button" onClick={() => setMode(null)}>{m.app.cancel}</button>
            </div>
          </form>
        )}
      </div>
    </li>
  );
}
