// Building blocks every screen uses: loading state, error and success notes, form fields, tables, paging and a
// modal dialog (native <dialog>: focus is kept inside, Escape closes it).
import type { ComponentChildren, JSX } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';
import { errorMessages, messages as m } from './messages';

/** The human sentence for an error: the code's text, plus the server's detail when it names the field. */
export function humanError(error: unknown): { text: string; detail: string | null } {
  if (error instanceof ApiError) {
    const text = errorMessages[error.code] ?? error.message ?? errorMessages.internal;
    const detail = error.message && error.message !== text ? error.message : null;
    return { text, detail };
  }
  return { text: errorMessages.internal, detail: null };
}

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const { text, detail } = humanError(error);
  return (
    <p class="note error" role="alert">
      {text}
      {detail && <span class="detail"> ({detail})</span>}
    </p>
  );
}

export function SuccessNote({ text }: { text: string | null }) {
  if (!text) return null;
  return <p class="note success" role="status">{text}</p>;
}

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` now and whenever `deps` change; the latest answer wins. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const call = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => call === latest.current && setState({ data, error: null, loading: false }),
      (error) => call === latest.current && setState({ data: null, error, loading: false }),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** An action's state: busy while it runs, its error, and a success message. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = useCallback(async (action: () => Promise<string | null | void>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const text = await action();
      setDone(text || null);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const reset = useCallback(() => {
    setError(null);
    setDone(null);
  }, []);
  return { busy, error, done, run, reset };
}

export function Page({ title, actions, children }: { title: string; actions?: ComponentChildren; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · ${m.app.name}`;
  }, [title]);
  return (
    <section class="page" aria-labelledby="page-title">
      <header class="page-head">
        <h1 id="page-title">{title}</h1>
        {actions && <div class="page-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

export function Loading({ loaded }: { loaded: Loaded<unknown> }) {
  if (loaded.error) return <ErrorNote error={loaded.error} />;
  if (loaded.loading && !loaded.data) return <p class="muted" aria-live="polite">{m.app.loading}</p>;
  return null;
}

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'value' | 'label'> & { label: string; value: string | number; onValue: (value: string) => void };

let fieldCounter = 0;
function useId(prefix: string): string {
  const ref = useRef<string>();
  if (!ref.current) ref.current = `${prefix}-${++fieldCounter}`;
  return ref.current;
}

export function Field({ label, value, onValue, ...rest }: InputProps) {
  const id = useId('f');
  return (
    <label class="field" for={id}>
      <span>{label}</span>
      <input id={id} value={value} onInput={(e) => onValue((e.target as HTMLInputElement).value)} {...rest} />
    </label>
  );
}

export function TextArea({ label, value, onValue, required }: { label: string; value: string; onValue: (v: string) => void; required?: boolean }) {
  const id = useId('t');
  return (
    <label class="field wide" for={id}>
      <span>{label}</span>
      <textarea id={id} value={value} required={required} rows={2} onInput={(e) => onValue((e.target as HTMLTextAreaElement).value)} />
    </label>
  );
}

export function Select({ label, value, onValue, options }: {
  label: string; value: string; onValue: (value: string) => void; options: [string, string][];
}) {
  const id = useId('s');
  return (
    <label class="field" for={id}>
      <span>{label}</span>
      <select id={id} value={value} onChange={(e) => onValue((e.target as HTMLSelectElement).value)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>{text}</option>
        ))}
      </select>
    </label>
  );
}

export function Pager({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>{m.app.previous}</button>
      <span>{m.app.page(page, pages, total)}</span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>{m.app.next}</button>
    </nav>
  );
}

export function Table({ head, children, caption }: { head: ComponentChildren[]; children: ComponentChildren; caption?: string }) {
  return (
    <div class="table-wrap">
      <table>
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>{head.map((h, i) => <th key={i} scope="col">{h}</th>)}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function EmptyRow({ span }: { span: number }) {
  return (
    <tr>
      <td colSpan={span} class="muted">{m.app.empty}</td>
    </tr>
  );
}

/** A modal dialog; `onClose` runs on Escape, the close button or a click outside. */
export function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} aria-label={title} onClose={onClose} onCancel={(e) => { e.preventDefault(); onClose(); }}
      onClick={(e) => e.target === ref.current && onClose()}>
      <header class="dialog-head">
        <h2>{title}</h2>
        <button type="button" class="link" onClick={onClose} aria-label={m.app.close}>×</button>
      </header>
      <div class="dialog-body">{children}</div>
    </dialog>
  );
}

/** A form that runs `onSubmit` with the default (reload) prevented. */
export function Form({ onSubmit, children, class: className }: { onSubmit: () => void; children: ComponentChildren; class?: string }) {
  return (
    <form class={className ?? 'form'} onSubmit={(e) => { e.preventDefault(); onSubmit(); }}>
      {children}
    </form>
  );
}
