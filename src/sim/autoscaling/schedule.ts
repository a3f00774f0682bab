/**
 * Schedule expressions of scheduled actions (§5.4): `at(yyyy-mm-ddThh:mm:ss)`, `rate(value unit)`
 * and `cron(minutes hours day-of-month month day-of-week year)`. Times are UTC unless a time zone
 * (IANA name) is given; cron and at() are then read in that zone's wall-clock time, so daylight
 * saving time is honoured.
 *
 * The simulation's calendar starts at the scenario's `startTime` (default 2026-12-01T00:00:00Z).
 *
 * @example
 * const s = parseSchedule('cron(0 9 ? * MON-FRI *)', 'UTC'); // weekdays at 09:00
 * s.ok && s.fires(Date.parse('2026-12-01T09:00:00Z')); // true (a Tuesday)
 */
type Field = Set<number> | null; // null = any

export type Schedule =
  | { ok: true; kind: 'at' | 'rate' | 'cron'; fires: (utcMs: number) => boolean; everyMs?: number; atMs?: number }
  | { ok: false; message: string };

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** True when `tz` is UTC or an IANA zone this runtime knows. */
export function validTimezone(tz: string): boolean {
  if (tz === 'UTC' || tz === 'Etc/UTC') return true;
  try { new Intl.DateTimeFormat('en-US', { timeZone: tz }); return true; } catch { return false; }
}

interface Wall { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number }

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock parts of a UTC instant in a zone (month 1-12, weekday 1 = Sunday, as cron counts). */
export function wallClock(utcMs: number, tz: string): Wall {
  if (tz === 'UTC' || tz === 'Etc/UTC') {
    const d = new Date(utcMs);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(),
      minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekday: d.getUTCDay() + 1 };
  }
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
    formatters.set(tz, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(new Date(utcMs))) p[part.type] = part.value;
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour) % 24,
    minute: Number(p.minute), second: Number(p.second), weekday: DAYS.indexOf(String(p.weekday).toUpperCase().slice(0, 3)) + 1 };
}

/** The UTC instant of a wall-clock time in a zone (the offset is read at that instant). */
export function fromWallClock(y: number, mo: number, d: number, h: number, mi: number, s: number, tz: string): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  if (tz === 'UTC' || tz === 'Etc/UTC') return guess;
  const w = wallClock(guess, tz);
  const offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - guess;
  return guess - offset;
}

function parseField(text: string, min: number, max: number, names: string[] | null, nameBase: number): Field | string {
  if (text === '*' || text === '?') return null;
  const out = new Set<number>();
  const value = (v: string): number => {
    const i = names ? names.indexOf(v.toUpperCase()) : -1;
    return i >= 0 ? i + nameBase : /^\d+$/.test(v) ? Number(v) : NaN;
  };
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) return `invalid increment in '${part}'`;
    let lo: number;
    let hi: number;
    if (range === '*') { lo = min; hi = max; } else if (range!.includes('-')) {
      const [a, b] = range!.split('-');
      lo = value(a!); hi = value(b!);
    } else { lo = value(range!); hi = stepText === undefined ? lo : max; }
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < min || hi > max || lo > hi) return `'${part}' is outside ${min}-${max}`;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

const has = (f: Field, v: number) => f === null || f.has(v);

/** Parses an Application Auto Scaling schedule expression. */
export function parseSchedule(expr: unknown, tz: string): Schedule {
  if (typeof expr !== 'string') return { ok: false, message: 'Schedule must be a string: at(...), rate(...) or cron(...).' };
  let m = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expr);
  if (m) {
    const atMs = fromWallClock(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, tz);
    return { ok: true, kind: 'at', atMs, fires: (ms) => ms >= atMs };
  }
  m = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expr);
  if (m) {
    const n = Number(m[1]);
    const unit = m[2]!.startsWith('minute') ? 60_000 : m[2]!.startsWith('hour') ? 3_600_000 : 86_400_000;
    if (n < 1 || (n === 1) !== !m[2]!.endsWith('s')) return { ok: false, message: `Invalid rate expression '${expr}': use rate(1 minute) or rate(5 minutes).` };
    return { ok: true, kind: 'rate', everyMs: n * unit, fires: () => false };
  }
  m = /^cron\((.+)\)$/.exec(expr);
  if (m) {
    const parts = m[1]!.trim().split(/\s+/);
    if (parts.length !== 6) return { ok: false, message: `Invalid cron expression '${expr}': six fields (minutes hours day-of-month month day-of-week year).` };
    if (parts.some((p) => /[LW#]/.test(p))) return { ok: false, message: `Cron expression '${expr}' uses L, W or #, which the simulator does not evaluate.` };
    if (parts[2] !== '?' && parts[4] !== '?') return { ok: false, message: `Invalid cron expression '${expr}': day-of-month or day-of-week must be '?'.` };
    const spec: [number, number, string[] | null, number][] = [[0, 59, null, 0], [0, 23, null, 0], [1, 31, null, 0], [1, 12, MONTHS, 1], [1, 7, DAYS, 1], [1970, 2199, null, 0]];
    const fields: Field[] = [];
    for (let i = 0; i < 6; i++) {
      const f = parseField(parts[i]!, ...spec[i]!);
      if (typeof f === 'string') return { ok: false, message: `Invalid cron expression '${expr}': ${f}.` };
      fields.push(f);
    }
    const [mi, h, dom, mo, dow, y] = fields;
    return {
      ok: true, kind: 'cron',
      fires: (ms) => {
        const w = wallClock(ms, tz);
        return w.second === 0 && has(mi!, w.minute) && has(h!, w.hour) && has(dom!, w.day) && has(mo!, w.month) && has(dow!, w.weekday) && has(y!, w.year);
      },
    };
  }
  return { ok: false, message: `Invalid schedule expression '${expr}': expected at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(...).` };
}
