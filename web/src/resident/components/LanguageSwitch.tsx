import { useTranslation } from 'react-i18next';
import { setLanguage } from '../../i18n';
import { GlobeIcon } from './icons';

/**
 * 「English」 / 「中文」 toggle, naming the other language in its own words (so its readers find it);
 * the cookie also makes the server answer errors in that language.
 */
export function LanguageSwitch({ className = '' }: { className?: string }) {
  const { t, i18n } = useTranslation();
  return (
    <button type="button" className={`r-lang ${className}`} onClick={() => setLanguage(i18n.language === 'en' ? 'zh-CN' : 'en')} data-testid="language-switch">
      <GlobeIcon size={15} /> <span lang={i18n.language === 'en' ? 'zh-CN' : 'en'} translate="no">{t('language')}</span>
    </button>
  );
}
