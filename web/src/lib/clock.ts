// Time left on a task's clock, for display: "剩余 1 天 3 小时" while it runs, "已超时 2 小时"
// once past, with a state that a badge shows as text and icon, never colour alone.
import { ref, onMounted, onBeforeUnmount, type Ref } from 'vue';

export type ClockState = 'ok' | 'soon' | 'overdue' | 'none';

export interface ClockParts {
  state: ClockState;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  /** Milliseconds left (negative when overdue). */
  left: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** `soonWithin`: the time left under which the clock shows as "due soon" (default 4 hours). */
export function clockParts(
  dueMillis: number | null,
  nowMillis: number,
  soonWithin = 4 * HOUR,
): ClockParts {
  if (dueMillis === null || Number.isNaN(dueMillis)) {
    return { state: 'none', days: 0, hours: 0, minutes: 0, seconds: 0, left: 0 };
  }
  const left = dueMillis - nowMillis;
  const abs = Math.abs(left);
  return {
    state: left < 0 ? 'overdue' : left <= soonWithin ? 'soon' : 'ok',
    days: Math.floor(abs / DAY),
    hours: Math.floor((abs % DAY) / HOUR),
    minutes: Math.floor((abs % HOUR) / MINUTE),
    seconds: Math.floor((abs % MINUTE) / 1000),
    left,
  };
}

/**
 * The duration as words in the language: the two largest non-zero units, seconds only in the
 * last hour (so a running clock visibly moves when it matters).
 */
export function formatDuration(p: ClockParts, language: string): string {
  const en = language.startsWith('en');
  const unit = (n: number, zh: string, enWord: string) =>
    en ? `${n} ${enWord}${n === 1 ? '' : 's'}` : `${n} ${zh}`;
  const parts: string[] = [];
  if (p.days) parts.push(unit(p.days, '天', 'day'));
  if (p.hours) parts.push(unit(p.hours, '小时', 'hour'));
  if (p.minutes && parts.length < 2) parts.push(unit(p.minutes, '分钟', 'minute'));
  if (!p.days && !p.hours) parts.push(unit(p.seconds, '秒', 'second'));
  return parts.slice(0, 2).join(en ? ' ' : ' ');
}

export function clockText(p: ClockParts, language: string): string {
  const en = language.startsWith('en');
  if (p.state === 'none') return en ? 'No deadline' : '无时限';
  const d = formatDuration(p, language);
  if (p.state === 'overdue') return en ? `Overdue by ${d}` : `已超时 ${d}`;
  return en ? `${d} left` : `剩余 ${d}`;
}

/** A shared ticking "now" (one timer for every clock on the page). */
const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | null = null;

export function useNow(): Ref<number> {
  onMounted(() => {
    users += 1;
    if (!timer) timer = setInterval(() => (now.value = Date.now()), 1000);
  });
  onBeforeUnmount(() => {
    users -= 1;
    if (users === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  });
  return now;
}
