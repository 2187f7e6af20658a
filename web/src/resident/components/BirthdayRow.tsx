import { useState } from 'react';
import { DatePicker, DotLoading, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../shared/api';
import type { Me } from '../../shared/types';
import { CakeIcon, ChevronRight } from './icons';
import { meKeys } from '../../shared/query-keys';

/** The earliest year the picker offers. */
const FIRST_YEAR = 1920;
const pad = (n: number) => String(n).padStart(2, '0');

/** "MM-DD" (what PATCH /api/me stores) from "MM-DD" or "YYYY-MM-DD"; null when it is neither. */
function monthDay(v: string | null | undefined): { month: number; day: number } | null {
  const m = v ? /^(?:\d{4}-)?(\d{2})-(\d{2})$/.exec(v) : null;
  return m ? { month: Number(m[1]), day: Number(m[2]) } : null;
}

/**
 * 「生日」 in 我的: a wheel picker (1920 to today), a way to clear it, and why it is asked — trusted
 * residents get a small gift from the pickup point on the day. The server keeps month and day only
 * (PATCH /api/me { birthday: "MM-DD" | null }); the year on the wheel just helps find the date.
 */
export function BirthdayRow({ me }: { me: Me }) {
  const { t, i18n } = useTranslation('resident');
  const queryClient = useQueryClient();
  const [visible, setVisible] = useState(false);
  // What she saved on this page; `me.user.birthday` when the server says (undefined: it does not).
  const [local, setLocal] = useState<string | null | undefined>(undefined);
  const saved = local !== undefined ? local : me.user.birthday;
  const md = monthDay(saved);

  const save = useMutation({
    mutationFn: (birthday: string | null) => api<{ ok: true }>('/api/me', { method: 'PATCH', body: { birthday } }),
    onSuccess: (_res, birthday) => {
      setLocal(birthday);
      queryClient.setQueryData<Me | null>(meKeys.all, (m) => (m ? { ...m, user: { ...m.user, birthday } } : m));
      Toast.show({ icon: 'success', content: birthday ? t('birthday.saved') : t('birthday.cleared') });
    },
    onError: (err) => {
      Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('birthday.failed'), duration: 3000 });
    },
  });

  const now = new Date();
  const max = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  // Month and day she saved, on a leap year so 02-29 fits; otherwise the wheel starts mid-range.
  const pickerValue = md ? new Date(2000, md.month - 1, md.day) : new Date(1970, 0, 1);
  const shown = md
    ? new Intl.DateTimeFormat(i18n.language === 'en' ? 'en' : 'zh-CN', { month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, md.month - 1, md.day)))
    : null;
  const busy = save.isPending;

  return (
    <section className="r-card r-birthday" data-testid="birthday-row">
      <div className="r-me-link">
        <button type="button" className="r-birthday-main" onClick={() => setVisible(true)} disabled={busy} data-testid="birthday-edit">
          <span className="r-me-link-icon r-me-link-birthday"><CakeIcon size={20} /></span>
          <span className="r-me-link-text">
            <span className="r-strong">{t('birthday.title')}</span>
            <span className={`r-small${shown ? '' : ' r-muted'}`} data-testid="birthday-value">
              {busy ? t('birthday.saving') : shown ?? (saved === null ? t('birthday.empty') : t('birthday.unknown'))}
            </span>
          </span>
        </button>
        {busy ? <DotLoading color="primary" /> : (
          <>
            {shown && (
              <button type="button" className="r-birthday-clear" onClick={() => save.mutate(null)} data-testid="birthday-clear">{t('birthday.clear')}</button>
            )}
            <ChevronRight size={16} className="r-muted" />
          </>
        )}
      </div>
      <div className="r-birthday-hint">{t('birthday.hint')}</div>
      <DatePicker
        visible={visible}
        onClose={() => setVisible(false)}
        precision="day"
        title={t('birthday.pickerTitle')}
        value={pickerValue}
        min={new Date(FIRST_YEAR, 0, 1)}
        max={max}
        renderLabel={(type, data) => (type === 'year' || type === 'month' || type === 'day' ? t(`birthday.wheel.${type}`, { v: data }) : String(data))}
        onConfirm={(d) => save.mutate(`${pad(d.getMonth() + 1)}-${pad(d.getDate())}`)}
      />
    </section>
  );
}
