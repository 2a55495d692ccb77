// Lists several screens offer as choices (departments, sites), loaded once per screen.
import { get } from './api';
import { messages as m } from './messages';
import { useLoad } from './ui';

export interface Department {
  id: number;
  name: string;
  kind: string;
  description: string;
  member_count: number;
  manager_ids: number[];
}

export interface Site {
  id: number;
  name: string;
  time_zone: string;
  geofence_kind: string;
  center: { latitude: number; longitude: number } | null;
  radius_m: number | null;
  polygon: { latitude: number; longitude: number }[];
}

export function useDepartments() {
  return useLoad(() => get<{ results: Department[] }>('/api/admin/departments').then((b) => b.results), []);
}

export function useSites() {
  return useLoad(() => get<{ results: Site[] }>('/api/admin/sites').then((b) => b.results), []);
}

/** `[value, label]` options with an "any" first entry. */
export function departmentOptions(departments: Department[] | null, anyLabel: string = m.reports.anyDepartment): [string, string][] {
  return [['', anyLabel], ...(departments ?? []).map((d) => [String(d.id), d.name] as [string, string])];
}

export function siteOptions(sites: Site[] | null): [string, string][] {
  return [['', m.reports.anySite], ...(sites ?? []).map((s) => [String(s.id), s.name] as [string, string])];
}
