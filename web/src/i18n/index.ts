import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCommon from './zh-CN/common';
import zhResident from './zh-CN/resident';
import zhLeader from './zh-CN/leader';
import zhConsole from './zh-CN/console';
import zhSupplier from './zh-CN/supplier';
import zhSupply from './zh-CN/supply';
import zhTrust from './zh-CN/trust';
import zhModeration from './zh-CN/moderation';
import enCommon from './en/common';
import enResident from './en/resident';
import enLeader from './en/leader';
import enConsole from './en/console';
import enSupplier from './en/supplier';
import enSupply from './en/supply';
import enTrust from './en/trust';
import enModeration from './en/moderation';

const saved = document.cookie.match(/(?:^|; )lang=([^;]+)/)?.[1];

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { common: zhCommon, resident: zhResident, leader: zhLeader, console: zhConsole, supplier: zhSupplier, supply: zhSupply, trust: zhTrust, moderation: zhModeration },
    en: { common: enCommon, resident: enResident, leader: enLeader, console: enConsole, supplier: enSupplier, supply: enSupply, trust: enTrust, moderation: enModeration },
  },
  lng: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLng: 'zh-CN',
  defaultNS: 'common',
  interpolation: { escapeValue: false },
});

/** Switches language; the cookie also tells the server which language to answer errors in. */
export function setLanguage(lng: 'zh-CN' | 'en') {
  document.cookie = `lang=${lng}; path=/; max-age=31536000; samesite=lax`;
  document.documentElement.lang = lng;
  void i18n.changeLanguage(lng);
}

export default i18n;
