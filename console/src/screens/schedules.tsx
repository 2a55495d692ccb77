// Schedules (admin): a person's own schedule or a department's; working days, hours, grace and overtime.
// Per-weekday shifts are shown and kept as they are when saving.
import { useState } from 'preact/hooks';
import { ApiError, del, get, put } from '../api';
import { departmentOptions, useDepartments } from '../data';
import { messages as m } from '../messages';
import { ErrorNote, Field, Form, Page, Select, SuccessNote, useAction } from '../ui';

interface Schedule {
  working_days: number[];
  start_time: string;
  end_time: string;
  grace_minutes: number;
  overtime_after_minutes: number | null;
  shifts: { days: number[]; start_time: string; end_time: string }[];
  source?: string;
}

const EMPTY: Schedule = { working_days: [1, 2, 3, 4, 5], start_time: '09:00', end_time: '17:00', grace_minutes: 5, overtime_after_minutes: null, shifts: [] };

export function Schedules() {
  const departments = useDepartments();
  const [target, setTarget] = useState<'user' | 'department'>('user');
  const [userId, setUserId] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const [loaded, setLoaded] = useState<string | null>(null);
  const [schedule, setSchedule] = useState<Schedule | null>(null);
  const [missing, setMissing] = useState(false);
  const action = useAction();
  const path = () => (target === 'user' ? `/api/admin/users/${userId}/schedule` : `/api/admin/departments/${departmentId}/schedule`);

  const load = () => action.run(async () => {
    setSchedule(null);
    setMissing(false);
    try {
      const body = await get<{ schedule: Schedule }>(path());
      setSchedule(body.schedule);
    } catch (e) {
      if (!(e instanceof ApiError) || e.code !== 'not_found') throw e;
      setMissing(true);
      setSchedule({ ...EMPTY });
    }
    setLoaded(path());
  });
  const save = () => action.run(async () => {
    if (!schedule) return;
    const body: Record<string, unknown> = {
      working_days: schedule.working_days, start_time: schedule.start_time, end_time: schedule.end_time,
      grace_minutes: Number(schedule.grace_minutes), shifts: schedule.shifts,
    };
    if (schedule.overtime_after_minutes !== null && String(schedule.overtime_after_minutes) !== '') body.overtime_after_minutes = Number(schedule.overtime_after_minutes);
    const saved = await put<{ schedule: Schedule; message: string }>(loaded!, body);
    setSchedule(saved.schedule);
    setMissing(false);
    return saved.message;
  });
  const remove = () => action.run(async () => {
    await del(loaded!);
    setSchedule(null);
    setLoaded(null);
    return m.schedules.removed;
  });
  const toggleDay = (day: number) => schedule && setSchedule({
    ...schedule,
    working_days: schedule.working_days.includes(day) ? schedule.working_days.filter((d) => d !== day) : [...schedule.working_days, day].sort(),
  });
  const s = m.schedules;
  return (
    <Page title={s.title}>
      <Form class="filters" onSubmit={load}>
        <Select label={m.app.actions} value={target} onValue={(v) => setTarget(v as 'user' | 'department')}
          options={[['user', s.forUser], ['department', s.forDepartment]]} />
        {target === 'user'
          ? <Field label={s.forUser} type="number" min="1" value={userId} onValue={setUserId} required />
          : <Select label={s.forDepartment} value={departmentId} onValue={setDepartmentId} options={departmentOptions(departments.data, '—')} />}
        <button type="submit">{s.load}</button>
      </Form>
      <ErrorNote error={action.error} />
      <SuccessNote text={action.done} />
      {schedule && (
        <Form onSubmit={save} class="form panel">
          <p class="muted">{missing ? s.noSchedule : schedule.source ? s.source(schedule.source) : ''}</p>
          <fieldset class="days">
            <legend>{s.workingDays}</legend>
            {s.weekdays.map((label, i) => (
              <label key={i} class="check">
                <input type="checkbox" checked={schedule.working_days.includes(i + 1)} onChange={() => toggleDay(i + 1)} /> {label}
              </label>
            ))}
          </fieldset>
          <Field label={s.start} type="time" value={schedule.start_time} onValue={(v) => setSchedule({ ...schedule, start_time: v })} required />
          <Field label={s.end} type="time" value={schedule.end_time} onValue={(v) => setSchedule({ ...schedule, end_time: v })} required />
          <Field label={s.grace} type="number" min="0" value={schedule.grace_minutes} onValue={(v) => setSchedule({ ...schedule, grace_minutes: Number(v) })} />
          <Field label={s.overtimeAfter} type="number" min="0" max="1440" value={schedule.overtime_after_minutes ?? ''}
            onValue={(v) => setSchedule({ ...schedule, overtime_after_minutes: v === '' ? null : Number(v) })} />
          {schedule.shifts.length > 0 && (
            <ul class="plain">
              {schedule.shifts.map((shift, i) => <li key={i}>{shift.days.map((d) => s.weekdays[d - 1]).join(', ')}: {shift.start_time}–{shift.end_time}</li>)}
            </ul>
          )}
          <div class="buttons">
            <button type="submit" class="primary" disabled={action.busy}>{m.app.save}</button>
            {!missing && (target === 'department' || schedule.source === 'user') && (
              <button type="button" class="danger" disabled={action.busy} onClick={remove}>{s.remove}</button>
            )}
          </div>
        </Form>
      )}
    </Page>
  );
}
