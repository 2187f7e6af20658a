import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, TextArea, Toast } from 'antd-mobile';
import { api, ApiError } from '../../shared/api';
import { morningKeys } from '../../shared/query-keys';
import type { AnnouncementSent, LeaderDashboard } from './types';

/** Copies text, falling back to a hidden textarea where the Clipboard API is not allowed (http, old WebViews). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

const timeOf = (iso: string, timeZone: string) => new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

/** One text to copy into the group chat or send as in-app notices: the arrival notice or the reminder. */
function TextCard({ kind, communityId, d }: { kind: 'arrival' | 'reminder'; communityId: string; d: LeaderDashboard }) {
  const { t } = useTranslation('morning');
  const qc = useQueryClient();
  const source = kind === 'arrival' ? d.arrival : d.reminder;
  const groupBuyIds = kind === 'arrival' ? d.arrival.groupBuys.map((g) => g.id) : d.reminder.groupBuyIds;
  const [text, setText] = useState(source.text);
  useEffect(() => setText(source.text), [source.text]);
  const send = useMutation({
    mutationFn: () => api<AnnouncementSent>(`/api/communities/${communityId}/announcements`, { method: 'POST', body: { kind, groupBuyIds, text } }),
    onSuccess: (res) => {
      Toast.show({ content: res.told > 0 ? t('texts.sent', { count: res.told }) : t('texts.alreadySent'), duration: 2500 });
      void qc.invalidateQueries({ queryKey: morningKeys.dashboard(communityId) });
    },
    onError: (err) => Toast.show({ content: err instanceof ApiError ? err.message : String(err), duration: 3000 }),
  });
  const title = kind === 'arrival' ? t('texts.arrivalTitle') : t('texts.reminderTitle');
  if (!source.text) {
    return (
      <section className="md-card" aria-label={title} data-testid={`md-${kind}`}>
        <h2 className="md-card-title">{title}</h2>
        <div className="md-empty">{kind === 'arrival' ? t('texts.noArrival') : t('texts.noReminder')}</div>
      </section>
    );
  }
  const audience = kind === 'arrival' ? t('texts.arrivalAudience') : t('texts.reminderAudience', { count: d.reminder.households });
  const onCopy = async () => { Toast.show({ content: (await copyText(text)) ? t('texts.copied') : t('texts.copyFailed') }); };
  const onSend = async () => {
    const ok = await Dialog.confirm({ content: kind === 'arrival' ? `${t('texts.send')}：${audience}` : t('texts.sendConfirm', { count: d.reminder.households }) });
    if (ok) send.mutate();
  };
  return (
    <section className="md-card" aria-label={title} data-testid={`md-${kind}`}>
      <h2 className="md-card-title">{title}</h2>
      <TextArea className="md-text" value={text} onChange={setText} autoSize={{ minRows: 2, maxRows: 14 }} maxLength={500} data-testid={`md-${kind}-text`} />
      {source.sent && <div className="md-sent" data-testid={`md-${kind}-sent`}>✓ {t('texts.sentAt', { time: timeOf(source.sent.at, d.timeZone), count: source.sent.told })}</div>}
      <div className="md-actions">
        <Button size="large" onClick={onCopy} data-testid={`md-${kind}-copy`}>{t('texts.copy')}</Button>
        <Button size="large" color="primary" loading={send.isPending} disabled={!!source.sent?.all || !text.trim()} onClick={onSend} data-testid={`md-${kind}-send`}>{t('texts.send')}</Button>
      </div>
    </section>
  );
}

/** The arrival notice and the not-collected reminder, and the rule about what the system already sends. */
export function TextsPanel({ communityId, d }: { communityId: string; d: LeaderDashboard }) {
  const { t } = useTranslation('morning');
  return (
    <>
      <TextCard kind="arrival" communityId={communityId} d={d} />
      <TextCard kind="reminder" communityId={communityId} d={d} />
      <p className="md-rule">{t('texts.rule')}</p>
    </>
  );
}
