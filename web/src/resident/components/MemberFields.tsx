import { Input } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useLimits } from '../../shared/limits';
import { memberFieldErrors } from '../lib/members';

export interface MemberValues { displayName: string; doorNumber: string }

/** Her name here (required) and her 门牌 (optional, leaders only), with what each is for. */
export function MemberFields({ value, onChange, showErrors }: { value: MemberValues; onChange: (v: MemberValues) => void; showErrors: boolean }) {
  const { t } = useTranslation('members');
  const limits = useLimits().members;
  const errors = memberFieldErrors(value, limits);
  const message = (e: string | null, max: number) => (e ? t(`fields.${e}`, { n: max }) : null);
  const nameError = showErrors ? message(errors.displayName, limits.displayNameMax) : null;
  const doorError = message(errors.doorNumber, limits.doorNumberMax);
  return (
    <div className="r-member-fields">
      <label className="r-member-field">
        <span className="r-member-label">{t('fields.displayName')}</span>
        <Input value={value.displayName} onChange={(displayName) => onChange({ ...value, displayName })} placeholder={t('fields.displayNamePlaceholder')} maxLength={limits.displayNameMax + 5} clearable data-testid="member-display-name" />
        {nameError ? <span className="r-member-error" role="alert">{nameError}</span> : <span className="r-member-hint">{t('fields.displayNameHint')}</span>}
      </label>
      <label className="r-member-field">
        <span className="r-member-label">{t('fields.doorNumber')}</span>
        <Input value={value.doorNumber} onChange={(doorNumber) => onChange({ ...value, doorNumber })} placeholder={t('fields.doorNumberPlaceholder')} maxLength={limits.doorNumberMax + 5} clearable data-testid="member-door-number" />
        {doorError ? <span className="r-member-error" role="alert">{doorError}</span> : <span className="r-member-hint">{t('fields.doorNumberHint')}</span>}
      </label>
    </div>
  );
}

export const memberValuesValid = (v: MemberValues, limits: { displayNameMax: number; doorNumberMax: number }) => {
  const e = memberFieldErrors(v, limits);
  return !e.displayName && !e.doorNumber;
};
