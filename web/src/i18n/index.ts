import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN';
import en from './en';
import { setApiLanguage } from '../api/client';

export type Language = 'zh-CN' | 'en';

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('shouhu.lang') : null;
const initial: Language = stored === 'en' ? 'en' : 'zh-CN';

export const i18n = createI18n({
  legacy: false,
  locale: initial,
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
  missingWarn: false,
  fallbackWarn: false,
});

export function applyLanguage(language: Language): void {
  i18n.global.locale.value = language;
  if (typeof localStorage !== 'undefined') localStorage.setItem('shouhu.lang', language);
  if (typeof document !== 'undefined') document.documentElement.lang = language;
  setApiLanguage(language, language === 'en' ? en.common.network : zhCN.common.network);
}

applyLanguage(initial);
