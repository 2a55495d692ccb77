// The REST API (docs/api.md) over fetch: bearer token, one shared refresh when the access token runs out, and
// the error body turned into an ApiError carrying the stable code (docs/errors.md).
import { currentSession, expiresSoon, saveSession, type Session, type User } from './session';

export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly status: number) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

interface RequestOptions {
  query?: Query;
  json?: unknown;
  form?: FormData;
  /** Login and refresh run without the session. */
  anonymous?: boolean;
}

/** Codes after which the session cannot go on: the console goes back to the sign-in screen. */
const SESSION_ENDED = new Set(['invalid_token', 'token_revoked', 'invalid_refresh_token', 'refresh_token_expired',
  'refresh_token_reused', 'missing_token']);

let refreshing: Promise<Session | null> | null = null;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function send(method: string, path: string, options: RequestOptions, session: Session | null): Promise<Response> {
  const headers: Record<string, string> = {};
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    body = options.form; // the browser sets multipart/form-data with its boundary
  }
  if (session && !options.anonymous) headers.Authorization = `Bearer ${session.accessToken}`;
  try {
    return await fetch(withQuery(path, options.query), { method, headers, body });
  } catch {
    throw new ApiError('network', 'Network error', 0);
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = await response.json();
    if (body && body.error && typeof body.error.code === 'string') {
      return new ApiError(body.error.code, String(body.error.message ?? ''), response.status);
    }
  } catch {
    // not a JSON error body
  }
  return new ApiError(response.status >= 500 ? 'internal' : 'invalid_argument', response.statusText, response.status);
}

/** Trades the refresh token for a new access token; concurrent callers share one refresh. */
function refreshSession(session: Session): Promise<Session | null> {
  if (!refreshing) {
    refreshing = (async () => {
      const response = await send('POST', '/api/auth/refresh', { json: { refresh_token: session.refreshToken }, anonymous: true }, null);
      if (!response.ok) {
        saveSession(null);
        return null;
      }
      const body = await response.json();
      // plain refresh (seed 000): the answer's refresh_token is the same one; keep whatever the server last gave
      const next: Session = { ...session, accessToken: body.access_token, refreshToken: body.refresh_token ?? session.refreshToken };
      saveSession(next);
      return next;
    })().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

async function authorizedResponse(method: string, path: string, options: RequestOptions): Promise<Response> {
  let session = options.anonymous ? null : currentSession();
  if (session && expiresSoon(session)) session = await refreshSession(session);
  let response = await send(method, path, options, session);
  if (response.status === 401 && session && !options.anonymous) {
    const error = await errorOf(response.clone());
    if (error.code === 'token_expired') {
      session = await refreshSession(session);
      if (session) response = await send(method, path, options, session);
    }
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (!options.anonymous && SESSION_ENDED.has(error.code)) saveSession(null);
    throw error;
  }
  return response;
}

/** Calls a JSON route and returns its body (which has `success: true`). */
export async function api<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await authorizedResponse(method, path, options);
  return (await response.json()) as T;
}

export const get = <T = any>(path: string, query?: Query) => api<T>('GET', path, { query });
export const post = <T = any>(path: string, json?: unknown) => api<T>('POST', path, { json: json ?? {} });
export const put = <T = any>(path: string, json?: unknown) => api<T>('PUT', path, { json: json ?? {} });
export const del = <T = any>(path: string) => api<T>('DELETE', path);
export const upload = <T = any>(path: string, form: FormData) => api<T>('POST', path, { form });

/** Fetches a file route (report export) with the session and hands it to the browser as a download. */
export async function download(path: string, query: Query, fallbackName: string): Promise<string> {
  const response = await authorizedResponse('GET', path, { query });
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

/** Reads a file route's body as text (the dashboard reads today's CSV export). */
export async function fetchText(path: string, query: Query): Promise<string> {
  return (await authorizedResponse('GET', path, { query })).text();
}

export async function login(username: string, password: string): Promise<Session> {
  const body = await api<{ access_token: string; refresh_token: string; user: User }>('POST', '/api/auth/login', {
    json: { username, password },
    anonymous: true,
  });
  const session: Session = { accessToken: body.access_token, refreshToken: body.refresh_token, user: body.user };
  saveSession(session);
  return session;
}

export async function logout(): Promise<void> {
  try {
    await api('POST', '/api/auth/logout', { json: {} });
  } catch {
    // the session is gone either way
  }
  saveSession(null);
}
