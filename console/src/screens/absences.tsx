// Absence requests: everybody asks for their own (with an optional evidence file); admins and managers see the
// requests in their scope, open the evidence and decide.
import { useEffect, useState } from 'preact/hooks';
import { get, post, upload } from '../api';
import type { ScreenProps } from '../app';
import { dateTime } from '../format';
import { messages as m } from '../messages';
import { Dialog, EmptyRow, ErrorNote, Field, Form, Loading, Page, Pager, Select, SuccessNote, Table, TextArea, useAction, useLoad } from '../ui';

interface AbsenceRequest {
  id: number;
  user_id: number;
  name: string;
  start_date: string;
  end_date: string;
  type: string;
  reason: string;
  status: string;
  evidence_content_type: string | null;
  decided_by: number | null;
  decided_at: string | null;
  decision_comment: string | null;
  created_at: string;
}

const PAGE_SIZE = 20;

function useRequests(status: string, page: number, userId?: number) {
  return useLoad(() => get<{ count: number; results: AbsenceRequest[] }>('/api/absences', { status, page, page_size: PAGE_SIZE, user_id: userId }), [status, page, userId]);
}

const statusOptions = (): [string, string][] => [['', m.app.all], ...(Object.entries(m.absences.statuses) as [string, string][])];

export function AbsenceDecisions() {
  const [status, setStatus] = useState('pending');
  const [page, setPage] = useState(1);
  const [deciding, setDeciding] = useState<AbsenceRequest | null>(null);
  const [evidence, setEvidence] = useState<AbsenceRequest | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useRequests(status, page);
  return (
    <Page title={m.absences.title}>
      <div class="filters">
        <Select label={m.absences.status} value={status} onValue={(v) => { setStatus(v); setPage(1); }} options={statusOptions()} />
      </div>
      <SuccessNote text={notice} />
      <Loading loaded={list} />
      {list.data && (
        <>
          <RequestTable requests={list.data.results} showPerson
            actions={(r) => (
              <>
                {r.evidence_content_type && <button type="button" onClick={() => setEvidence(r)}>{m.absences.viewEvidence}</button>}
                {r.status === 'pending' && <button type="button" class="primary" onClick={() => setDeciding(r)}>{m.absences.approve} / {m.absences.reject}</button>}
              </>
            )} />
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.count} onPage={setPage} />
        </>
      )}
      {deciding && <DecisionDialog request={deciding} onClose={() => setDeciding(null)} onDone={(text) => { setDeciding(null); setNotice(text); list.reload(); }} />}
      {evidence && <EvidenceDialog request={evidence} onClose={() => setEvidence(null)} />}
    </Page>
  );
}

function RequestTable({ requests, showPerson, actions }: { requests: AbsenceRequest[]; showPerson?: boolean; actions?: (r: AbsenceRequest) => preact.ComponentChildren }) {
  const a = m.absences;
  const head = [...(showPerson ? [a.person] : []), a.period, a.type, a.reason, a.status, a.evidence, ...(actions ? [m.app.actions] : [])];
  return (
    <Table head={head}>
      {requests.length === 0 && <EmptyRow span={head.length} />}
      {requests.map((r) => (
        <tr key={r.id}>
          {showPerson && <td>{r.name}</td>}
          <td>{r.start_date} – {r.end_date}</td>
          <td>{a.types[r.type] ?? r.type}</td>
          <td>{r.reason}</td>
          <td><span class={`badge ${r.status}`}>{a.statuses[r.status] ?? r.status}</span>{r.decision_comment && <div class="muted small">{r.decision_comment}</div>}</td>
          <td>{r.evidence_content_type ?? a.noEvidence}</td>
          {actions && <td class="row-actions">{actions(r)}</td>}
        </tr>
      ))}
    </Table>
  );
}

function DecisionDialog({ request, onClose, onDone }: { request: AbsenceRequest; onClose: () => void; onDone: (text: string) => void }) {
  const [comment, setComment] = useState('');
  const action = useAction();
  const decide = (decision: 'approved' | 'rejected') => action.run(async () => {
    await post(`/api/admin/absences/${request.id}/decision`, { decision, comment: comment.trim() });
    onDone(m.absences.decided(m.absences.statuses[decision].toLowerCase()));
  });
  return (
    <Dialog title={`${request.name}: ${request.start_date} – ${request.end_date}`} onClose={onClose}>
      <p>{m.absences.types[request.type]}: {request.reason}</p>
      <p class="muted small">{dateTime(request.created_at)}</p>
      <ErrorNote error={action.error} />
      <TextArea label={m.absences.comment} value={comment} onValue={setComment} />
      <div class="buttons">
        <button type="button" class="primary" disabled={action.busy} onClick={() => decide('approved')}>{m.absences.approve}</button>
        <button type="button" class="danger" disabled={action.busy || !comment.trim()} onClick={() => decide('rejected')}>{m.absences.reject}</button>
        <button type="button" onClick={onClose}>{m.app.cancel}</button>
      </div>
    </Dialog>
  );
}

/** Shows the evidence file: images inline, a PDF in the browser's viewer (from a blob URL, dropped on close). */
function EvidenceDialog({ request, onClose }: { request: AbsenceRequest; onClose: () => void }) {
  const file = useLoad(() => get<{ content_type: string; evidence: string }>(`/api/absences/${request.id}/evidence`), [request.id]);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file.data) return;
    const bytes = Uint8Array.from(atob(file.data.evidence), (c) => c.charCodeAt(0));
    const next = URL.createObjectURL(new Blob([bytes], { type: file.data.content_type }));
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [file.data]);
  const isPdf = file.data?.content_type === 'application/pdf';
  return (
    <Dialog title={m.absences.evidenceTitle(request.name)} onClose={onClose}>
      <Loading loaded={file} />
      {url && (isPdf
        ? <object data={url} type="application/pdf" class="evidence"><a href={url} download={`evidence-${request.id}.pdf`}>{m.reports.pdf}</a></object>
        : <img src={url} class="evidence" alt={m.absences.evidenceTitle(request.name)} />)}
    </Dialog>
  );
}

export function MyAbsences({ session }: ScreenProps) {
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState('');
  const list = useRequests(status, page, session.user.id);
  const [form, setForm] = useState({ start_date: '', end_date: '', type: 'sick', reason: '' });
  const [file, setFile] = useState<File | null>(null);
  const [formKey, setFormKey] = useState(0);
  const action = useAction();
  const set = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value });
  const submit = () => action.run(async () => {
    const body = new FormData();
    Object.entries(form).forEach(([k, v]) => body.append(k, k === 'reason' ? v.trim() : v));
    if (file) body.append('evidence', file, file.name);
    await upload('/api/absences', body);
    setForm({ start_date: '', end_date: '', type: 'sick', reason: '' });
    setFile(null);
    setFormKey((k) => k + 1);
    list.reload();
    return m.absences.submitted;
  });
  return (
    <Page title={m.absences.mine}>
      <section aria-labelledby="new-absence" class="panel">
        <h2 id="new-absence">{m.absences.newRequest}</h2>
        <Form onSubmit={submit} class="form grid" key={formKey}>
          <ErrorNote error={action.error} />
          <SuccessNote text={action.done} />
          <Field label={m.absences.startDate} type="date" value={form.start_date} onValue={set('start_date')} required />
          <Field label={m.absences.endDate} type="date" value={form.end_date} onValue={set('end_date')} required />
          <Select label={m.absences.type} value={form.type} onValue={set('type')} options={Object.entries(m.absences.types) as [string, string][]} />
          <TextArea label={m.absences.reason} value={form.reason} onValue={set('reason')} required />
          <label class="field wide">
            <span>{m.absences.evidenceFile}</span>
            <input type="file" accept="application/pdf,image/jpeg,image/png" onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
          </label>
          <div class="buttons"><button type="submit" class="primary" disabled={action.busy}>{m.absences.submit}</button></div>
        </Form>
      </section>
      <div class="filters">
        <Select label={m.absences.status} value={status} onValue={(v) => { setStatus(v); setPage(1); }} options={statusOptions()} />
      </div>
      <Loading loaded={list} />
      {list.data && (
        <>
          <RequestTable requests={list.data.results} />
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data.count} onPage={setPage} />
        </>
      )}
    </Page>
  );
}
