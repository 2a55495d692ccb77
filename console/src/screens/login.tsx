import { useState } from 'preact/hooks';
import { login } from '../api';
import { messages as m } from '../messages';
import type { Session } from '../session';
import { ErrorNote, Field, Form, useAction } from '../ui';

export function Login({ sessionEnded, onSignedIn }: { sessionEnded: boolean; onSignedIn: (session: Session) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  const submit = () => action.run(async () => {
    onSignedIn(await login(username.trim(), password));
  });
  return (
    <main class="login" id="main">
      <Form onSubmit={submit} class="login-card">
        <h1>{m.login.title}</h1>
        {sessionEnded && !action.error && <p class="note" role="status">{m.login.sessionEnded}</p>}
        <ErrorNote error={action.error} />
        <Field label={m.login.username} value={username} onValue={setUsername} name="username" autoComplete="username" required autoFocus />
        <Field label={m.login.password} value={password} onValue={setPassword} name="password" type="password" autoComplete="current-password" required />
        <button type="submit" class="primary" disabled={action.busy}>{m.login.submit}</button>
      </Form>
    </main>
  );
}
