// API keys (admin): machine credentials for kiosks, cameras, partner systems and report readers. A new key is
// shown once; afterwards only its prefix.
import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { useSites } from '../data';
import { dateTime, orDash } from '../format';
import { messages as m } from '../messages';
import { Dialog, EmptyRow, ErrorNote, Field, Form, Loading, Page, Select, Table, useAction, useLoad } from '../ui';

interface ApiKey {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  site_id: number | null;
  created_at: string;
  created_by: number | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

const k = m.apiKeys;

export function ApiKeys() {
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const list = useLoad(() => get<{ results: ApiKey[] }>('/api/admin/api-keys', { include_revoked: includeRevoked || undefined }), [includeRevoked]);
  const action = useAction();
  const revoke = (key: ApiKey) => {
    if (!confirm(k.confirmRevoke(key.name))) return;
    action.run(async () => {
      await post(`/api/admin/api-keys/${key.id}/revoke`, {});
      list.reload();
    });
  };
  return (
    <Page title={k.title} actions={<button type="button" class="primary" onClick={() => setCreating(true)}>{k.newKey}</button>}>
      <label class="check"><input type="checkbox" checked={includeRevoked} onChange={() => setIncludeRevoked(!includeRevoked)} /> {k.showRevoked}</label>
      {secret && (
        <div class="note success" role="status">
          <p>{k.shownOnce}</p>
          <code class="secret">{secret}</code>
        </div>
      )}
      <ErrorNote error={action.error} />
      <Loading loaded={list} />
      {list.data && (
        <Table head={[k.name, k.prefix, k.scopes, k.site, k.created, k.lastUsed, k.revoked, '']}>
          {list.data.results.length === 0 && <EmptyRow span={8} />}
          {list.data.results.map((key) => (
            <tr key={key.id}>
              <td>{key.name}</td>
              <td><code>{key.prefix}…</code></td>
              <td>{key.scopes.map((s) => k.scopeNames[s] ?? s).join(', ')}</td>
              <td>{orDash(key.site_id)}</td>
              <td>{dateTime(key.created_at)}</td>
              <td>{dateTime(key.last_used_at)}</td>
              <td>{dateTime(key.revoked_at)}</td>
              <td>{!key.revoked_at && <button type="button" class="danger" onClick={() => revoke(key)}>{k.revoke}</button>}</td>
            </tr>
          ))}
        </Table>
      )}
      {creating && <NewKeyDialog onClose={() => setCreating(false)} onCreated={(value) => { setCreating(false); setSecret(value); list.reload(); }} />}
    </Page>
  );
}

function NewKeyDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (secret: string) => void }) {
  const sites = useSites();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['kiosk']);
  const [site, setSite] = useState('');
  const action = useAction();
  const toggle = (scope: string) => setScopes(scopes.includes(scope) ? scopes.filter((s) => s !== scope) : [...scopes, scope]);
  const save = () => action.run(async () => {
    const body = await post<{ api_key: string }>('/api/admin/api-keys', { name: name.trim(), scopes, site_id: site ? Number(site) : undefined });
    onCreated(body.api_key);
  });
  return (
    <Dialog title={k.newKey} onClose={onClose}>
      <Form onSubmit={save}>
        <ErrorNote error={action.error} />
        <Field label={k.name} value={name} onValue={setName} required />
        <fieldset class="days">
          <legend>{k.scopes}</legend>
          {Object.entries(k.scopeNames).map(([scope, label]) => (
            <label key={scope} class="check"><input type="checkbox" checked={scopes.includes(scope)} onChange={() => toggle(scope)} /> {label}</label>
          ))}
        </fieldset>
        <Select label={k.site} value={site} onValue={setSite} options={[['', '—'], ...(sites.data ?? []).map((s) => [String(s.id), s.name] as [string, string])]} />
        <div class="buttons">
          <button type="submit" class="primary" disabled={action.busy || scopes.length === 0}>{m.app.create}</button>
          <button type="button" onClick={onClose}>{m.app.cancel}</button>
        </div>
      </Form>
    </Dialog>
  );
}
