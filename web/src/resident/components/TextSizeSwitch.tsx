import { useTranslation } from 'react-i18next';
import { setTextSize, useTextSize } from '../lib/text-size';

/** 「大字」 on / off (pressed shows ✓), beside the language switch; the choice stays on this phone across reloads. */
export function TextSizeSwitch({ className = '' }: { className?: string }) {
  const { t } = useTranslation();
  const large = useTextSize() === 'large';
  return (
    <button type="button" className={`r-lang r-text-size ${large ? 'r-text-size-on ' : ''}${className}`} aria-pressed={large}
      onClick={() => setTextSize(large ? 'standard' : 'large')} data-testid="text-size-switch">
      <span className="r-text-size-glyph" aria-hidden="true">{t('textSize.glyph')}</span>
      {t('textSize.large')}{large && <span className="r-text-size-check" aria-hidden="true"> ✓</span>}
    </button>
  );
}
