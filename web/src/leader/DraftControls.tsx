import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Popup, Toast } from 'antd-mobile';
import { api, formatTime } from '../shared/api';
import type { GroupBuyDraft, GroupBuyView } from '../shared/types';
import { groupBuyEditKeys, groupBuyKeys } from '../shared/query-keys';
import { ActionError, errorMessage } from './components';
import { DateTimeInput, type DateTimeValue } from './DateTimeInput';
import { contentOfForm, formOfContent, type Draft } from './newGroupBuyDraft';
import { toDateTimeValue } from './GroupBuyEditSheets';
import { zonedToInstant } from './lib';
import './gb-edit.css';

/** ?draft=<id>: loads a saved draft into the form once. Returns the draft id (or null) and whether it is still loading. */
export function useServerDraft(timeZone: string, replace: (d: Draft) => void) {
  const [params] = useSearchParams();
  const draftId = params.get('draft');
  const draft = useQuery({
    queryKey: groupBuyEditKeys.draft(draftId),
    queryFn: () => api<GroupBuyDraft>(`/api/group-buy-drafts/${draftId}`),
    enabled: !!draftId,
    staleTime: Infinity,
  });
  const loaded = useRef<string | null>(null);
  useEffect(() => {
    if (!draft.data || loaded.current === draft.data.id) return;
    loaded.current = draft.data.id;
    replace(formOfContent(draft.data.content, timeZone, toDateTimeValue));
  }, [draft.data, replace, timeZone]);
  return { draftId, loading: !!draftId && draft.isPending, error: draft.error };
}

/**
 * Save as a draft (invisible to residents), open now, or schedule the opening. Opening saves first
 * and goes through the server's opening rules (trial, batch, first-launch rights, times).
 */
export function DraftControls({ communityId, draftId, form, timeZone, valid, onOpened }: {
  communityId: string; draftId: string | null; form: Draft; timeZone: string;
  /** Checks the whole form (as opening needs) and says whether it may be sent. */
  valid: () => boolean;
  onOpened: () => void;
}) {
  const { t, i18n } = useTranslation('gbEdit');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [, setParams] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const [scheduling, setScheduling] = useState(false);
  const [opensAt, setOpensAt] = useState<DateTimeValue>(() => toDateTimeValue(new Date(Date.now() + 3_600_000), timeZone));

  const save = async (): Promise<string | null> => {
    const content = contentOfForm(form, timeZone);
    if (!content) { setError(t('draft.timeRequired')); return null; }
    const saved = draftId
      ? await api<GroupBuyDraft>(`/api/group-buy-drafts/${draftId}`, { method: 'PUT', body: content })
      : await api<GroupBuyDraft>(`/api/communities/${communityId}/group-buy-drafts`, { body: content });
    queryClient.setQueryData(groupBuyEditKeys.draft(saved.id), saved);
    await queryClient.invalidateQueries({ queryKey: groupBuyEditKeys.drafts(communityId) });
    if (!draftId) setParams({ draft: saved.id }, { replace: true });
    return saved.id;
  };

  const saving = useMutation({
    mutationFn: save,
    onSuccess: (id) => { if (id) Toast.show({ icon: 'success', content: t('draft.saved') }); },
    onError: (err) => setError(errorMessage(err)),
  });

  const opening = useMutation({
    mutationFn: async (at: Date | null) => {
      const id = await save();
      if (!id) return null;
      return api<GroupBuyView>(`/api/group-buy-drafts/${id}/open`, { body: at ? { opensAt: at.toISOString() } : {} });
    },
    onSuccess: async (gb) => {
      if (!gb) return;
      onOpened();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: groupBuyKeys.community(communityId) }),
        queryClient.invalidateQueries({ queryKey: groupBuyEditKeys.drafts(communityId) }),
      ]);
      const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
      Toast.show({ icon: 'success', content: gb.status === 'scheduled' ? t('draft.scheduled', { time: formatTime(gb.opensAt, timeZone, locale) }) : t('draft.opened') });
      navigate(`/leader/group-buys/${gb.id}`, { replace: true });
    },
    onError: (err) => setError(errorMessage(err)),
  });

  const open = (at: Date | null) => {
    setError(null);
    if (!valid()) return;
    setScheduling(false);
    opening.mutate(at);
  };

  return (
    <div className="gbn-footer">
      <ActionError message={error} />
      <div className="gbe-draft-actions">
        <Button block size="large" loading={saving.isPending} onClick={() => { setError(null); saving.mutate(); }} data-testid="draft-save">{t('draft.save')}</Button>
        <Button block size="large" onClick={() => setScheduling(true)} data-testid="draft-schedule">{t('draft.schedule')}</Button>
      </div>
      <Button block type="submit" color="primary" size="large" loading={opening.isPending} onClick={() => open(null)} data-testid="draft-open-now">{t('draft.openNow')}</Button>
      <Popup visible={scheduling} onMaskClick={() => setScheduling(false)} onClose={() => setScheduling(false)} bodyClassName="gbe-sheet">
        <div className="gbe-form">
          <h3 className="gbe-title">{t('draft.scheduleTitle')}</h3>
          <DateTimeInput value={opensAt} onChange={setOpensAt} testId="draft-opens-at" title={t('draft.scheduleTitle')} />
          <div className="gbe-muted">{t('draft.scheduleHint')}</div>
          <Button block color="primary" size="large" onClick={() => open(zonedToInstant(opensAt.date, opensAt.time, timeZone))} data-testid="draft-schedule-confirm">{t('draft.scheduleConfirm')}</Button>
        </div>
      </Popup>
    </div>
  );
}

/** On a new group buy: keep it as a draft to open later (it then opens from the drafts list). */
export function DraftSaveButton({ communityId, form, timeZone }: { communityId: string; form: Draft; timeZone: string }) {
  const { t } = useTranslation('gbEdit');
  const queryClient = useQueryClient();
  const [, setParams] = useSearchParams();
  const save = useMutation({
    mutationFn: async () => {
      const content = contentOfForm(form, timeZone);
      if (!content) throw new Error(t('draft.timeRequired'));
      return api<GroupBuyDraft>(`/api/communities/${communityId}/group-buy-drafts`, { body: content });
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData(groupBuyEditKeys.draft(saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: groupBuyEditKeys.drafts(communityId) });
      Toast.show({ icon: 'success', content: t('draft.saved') });
      setParams({ draft: saved.id }, { replace: true });
    },
    onError: (err) => Toast.show({ content: errorMessage(err) }),
  });
  return <Button block size="large" fill="none" loading={save.isPending} onClick={() => save.mutate()} data-testid="draft-save-new">{t('draft.save')}</Button>;
}
