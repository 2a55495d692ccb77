// The signed-in session: tokens from /api/auth/login, kept in this tab's sessionStorage (closing the tab signs out
// of the console; the server session still ends at logout or when the refresh token expires).

export type Role = 'admin' | 'manager' | 'employee';

export interface User {
  id: number;
  name: string;
  username: string;
  email: string;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: User;
}

const KEY = 'faceattend.console.session';
type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();

export function currentSession(): Session | null {
  const text = sessionStorage.getItem(KEY);
  if (!text) return null;
  try {
    return JSON.parse(text) as Session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  listeners.forEach((listener) => listener(session));
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

interface Claims {
  role?: string;
  exp?: number;
}

/** The access token's claims. Only for the UI (which menu to show): the server checks the role on every call. */
export function claimsOf(accessToken: string): Claims {
  try {
    const payload = accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), '='))) as Claims;
  } catch {
    return {};
  }
}

export function roleOf(session: Session): Role {
  const role = claimsOf(session.accessToken).role;
  return role === 'admin' || role === 'manager' ? role : 'employee';
}

/** True when the access token expires within `marginSeconds` (refresh before calling rather than after a 401). */
export function expiresSoon(session: Session, marginSeconds = 30): boolean {
  const exp = claimsOf(session.accessToken).exp;
  return exp !== undefined && exp * 1000 - Date.now() < marginSeconds * 1000;
}
