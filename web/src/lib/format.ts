import { computed, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { enumerations } from '../generated/enumerations';
import { ApiError } from '../api/client';

/** Options of a server vocabulary in the UI language, for selects and labels. */
export function useEnums() {
  const { locale } = useI18n();
  const label = (name: string, code: string | null | undefined): string => {
    if (!code) return '';
    const v = enumerations[name]?.find((e) => e.code === code);
    if (!v) return code;
    return locale.value === 'en' ? v.en : v.zh;
  };
  const options = (name: string) =>
    computed(() =>
      (enumerations[name] ?? []).map((v) => ({
        value: v.code,
        label: locale.value === 'en' ? v.en : v.zh,
      })),
    );
  return { label, options };
}

/** "2026-11-29T08:00:00Z" → local date and time in the UI language ("2026/11/29 16:00"). */
export function formatDateTime(iso: string | null | undefined, language: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(language === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/**
 * The errors of one form: a message per field (shown beside it by el-form-item's `error`) and a
 * message for the form as a whole. Client checks give reason codes (translated here); server
 * errors arrive translated already.
 */
export function useFormErrors() {
  const { t, te } = useI18n();
  const fields = reactive<Record<string, string>>({});
  const alert = ref('');
  const clear = () => {
    for (const k of Object.keys(fields)) delete fields[k];
    alert.value = '';
  };
  const reason = (code: string) => (te(`reasons.${code}`) ? t(`reasons.${code}`) : code);
  const fromReasons = (reasons: Record<string, string>) => {
    clear();
    for (const [k, v] of Object.entries(reasons)) fields[k] = reason(v);
    if (Object.keys(reasons).length) alert.value = t('common.fixFields');
    return Object.keys(reasons).length === 0;
  };
  /** Server field names may carry a prefix ("case.") that the form does not use. */
  const fromApi = (e: unknown, known: readonly string[] = [], prefix = '') => {
    clear();
    if (!(e instanceof ApiError)) {
      alert.value = String(e);
      return;
    }
    const other: string[] = [];
    for (const [name, message] of Object.entries(e.fields)) {
      const local = prefix && name.startsWith(prefix) ? name.slice(prefix.length) : name;
      if (known.length === 0 || known.includes(local)) fields[local] = message;
      else other.push(`${name}: ${message}`);
    }
    alert.value = [e.message, ...other].join(' ');
  };
  return { fields, alert, clear, fromReasons, fromApi };
}
