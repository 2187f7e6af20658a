import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DatePicker } from 'antd-mobile';

export interface DateTimeValue { date: string; time: string }

/** Date and time in one wheel picker; the value is wall-clock time in the community's zone. */
export function DateTimeInput({ value, onChange, testId, title }: { value?: DateTimeValue; onChange?: (v: DateTimeValue) => void; testId?: string; title?: string }) {
  const { t, i18n } = useTranslation('leader');
  const [visible, setVisible] = useState(false);
  const parts = value && /^\d{4}-\d{2}-\d{2}$/.test(value.date) && /^\d{2}:\d{2}$/.test(value.time)
    ? { y: Number(value.date.slice(0, 4)), m: Number(value.date.slice(5, 7)), d: Number(value.date.slice(8, 10)), h: Number(value.time.slice(0, 2)), mi: Number(value.time.slice(3, 5)) }
    : null;
  // The picker works on a local Date only as a holder of the wall-clock fields.
  const asLocal = parts ? new Date(parts.y, parts.m - 1, parts.d, parts.h, parts.mi) : undefined;
  const label = parts
    ? new Intl.DateTimeFormat(i18n.language === 'en' ? 'en' : 'zh-CN', { timeZone: 'UTC', month: 'short', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .format(new Date(Date.UTC(parts.y, parts.m - 1, parts.d, parts.h, parts.mi)))
    : t('new.pickTime');
  const now = new Date();
  return (
    <>
      <button type="button" className="datetime-trigger" onClick={() => setVisible(true)} data-testid={testId}>
        <span>{label}</span><span className="datetime-trigger-arrow">›</span>
      </button>
      <DatePicker
        visible={visible}
        onClose={() => setVisible(false)}
        precision="minute"
        title={title}
        value={asLocal}
        min={new Date(now.getFullYear(), now.getMonth(), now.getDate())}
        max={new Date(now.getFullYear() + 1, now.getMonth(), now.getDate())}
        filter={{ minute: (m) => m % 5 === 0 }}
        renderLabel={(type, data) => (['year', 'month', 'day', 'hour', 'minute'].includes(type) ? t(`picker.${type}`, { v: type === 'minute' ? String(data).padStart(2, '0') : data }) : String(data))}
        onConfirm={(d) => {
          const pad = (n: number) => String(n).padStart(2, '0');
          onChange?.({ date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`, time: `${pad(d.getHours())}:${pad(d.getMinutes())}` });
        }}
      />
    </>
  );
}
