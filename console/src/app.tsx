// The shell: sign-in when there is no session, else the header, the menu of the screens the role may use, and
// the current screen.
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { logout } from './api';
import { messages as m } from './messages';
import { linkHandler, navigate, usePath } from './router';
import { currentSession, onSessionChange, roleOf, type Role, type Session } from './session';
import { Login } from './screens/login';
import { Dashboard } from './screens/dashboard';
import { Approvals } from './screens/approvals';
import { People } from './screens/people';
import { Departments } from './screens/departments';
import { Sites } from './screens/sites';
import { Schedules } from './screens/schedules';
import { Holidays } from './screens/holidays';
import { Corrections } from './screens/corrections';
import { AbsenceDecisions, MyAbsences } from './screens/absences';
import { Reports } from './screens/reports';
import { Payroll } from './screens/payroll';
import { Audit } from './screens/audit';
import { ApiKeys } from './screens/apikeys';
import { MyHistory, MyProfile, MyReport, MyStatus } from './screens/me';

export interface ScreenProps {
  session: Session;
  role: Role;
}

interface Screen {
  path: string;
  label: string;
  roles: Role[];
  component: ComponentType<ScreenProps>;
}

const STAFF: Role[] = ['admin', 'manager'];
const EVERYONE: Role[] = ['admin', 'manager', 'employee'];

/** The screens in menu order; each lists the roles whose API calls it makes. */
const SCREENS: Screen[] = [
  { path: '/dashboard', label: m.nav.dashboard, roles: STAFF, component: Dashboard },
  { path: '/approvals', label: m.nav.approvals, roles: ['admin'], component: Approvals },
  { path: '/people', label: m.nav.people, roles: STAFF, component: People },
  { path: '/departments', label: m.nav.departments, roles: STAFF, component: Departments },
  { path: '/sites', label: m.nav.sites, roles: STAFF, component: Sites },
  { path: '/schedules', label: m.nav.schedules, roles: ['admin'], component: Schedules },
  { path: '/holidays', label: m.nav.holidays, roles: STAFF, component: Holidays },
  { path: '/corrections', label: m.nav.corrections, roles: STAFF, component: Corrections },
  { path: '/absences', label: m.nav.absences, roles: STAFF, component: AbsenceDecisions },
  { path: '/reports', label: m.nav.reports, roles: STAFF, component: Reports },
  { path: '/payroll', label: m.nav.payroll, roles: STAFF, component: Payroll },
  { path: '/audit', label: m.nav.audit, roles: ['admin'], component: Audit },
  { path: '/api-keys', label: m.nav.apiKeys, roles: ['admin'], component: ApiKeys },
  { path: '/me', label: m.nav.myStatus, roles: EVERYONE, component: MyStatus },
  { path: '/me/history', label: m.nav.myHistory, roles: EVERYONE, component: MyHistory },
  { path: '/me/report', label: m.nav.myReport, roles: EVERYONE, component: MyReport },
  { path: '/me/absences', label: m.nav.myAbsences, roles: EVERYONE, component: MyAbsences },
  { path: '/me/profile', label: m.nav.profile, roles: EVERYONE, component: MyProfile },
];

function homeOf(role: Role): string {
  return role === 'employee' ? '/me' : role === 'admin' ? '/approvals' : '/dashboard';
}

export function App() {
  const [session, setSession] = useState<Session | null>(currentSession());
  const [ended, setEnded] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const path = usePath();

  useEffect(() => onSessionChange((next) => {
    setSession((previous) => {
      if (previous && !next) setEnded(true);
      return next;
    });
  }), []);
  useEffect(() => setMenuOpen(false), [path]);
  const atEntry = path === '/' || path === '/login';
  useEffect(() => {
    if (session && atEntry) navigate(homeOf(roleOf(session)));
  }, [session, atEntry]);

  if (!session) {
    return <Login sessionEnded={ended} onSignedIn={(s) => { setEnded(false); navigate(homeOf(roleOf(s))); }} />;
  }
  const role = roleOf(session);
  const allowed = SCREENS.filter((s) => s.roles.includes(role));
  if (atEntry) return null;
  const screen = allowed.find((s) => s.path === path);
  const Current = screen?.component;

  return (
    <div class="shell">
      <a class="skip" href="#main">{m.app.skipToContent}</a>
      <header class="top">
        <button type="button" class="menu-toggle" aria-expanded={menuOpen} aria-controls="menu" onClick={() => setMenuOpen(!menuOpen)}>
          {m.app.menu}
        </button>
        <a class="brand" href={homeOf(role)} onClick={linkHandler(homeOf(role))}>{m.app.name}</a>
        <span class="who">{m.app.signedInAs(session.user.name, m.roles[role])}</span>
        <button type="button" onClick={() => logout()}>{m.app.signOut}</button>
      </header>
      <nav id="menu" class={menuOpen ? 'menu open' : 'menu'} aria-label="Screens">
        <ul>
          {allowed.map((s) => (
            <li key={s.path}>
              <a href={s.path} onClick={linkHandler(s.path)} aria-current={s.path === path ? 'page' : undefined}>{s.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {Current ? <Current session={session} role={role} /> : <p class="note">{m.app.notFound}</p>}
      </main>
    </div>
  );
}
