import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Popup, TextArea, Toast } from 'antd-mobile';
import { api } from '../shared/api';
import { ActionError, errorMessage } from './components';
import { LineCheck, useLineSelection } from './HandoverCard';
import type { PendingHousehold } from './types';
import { numbersLine } from './lib';
import { groupBuyKeys, handoverKeys } from '../shared/query-keys';

/**
 * 未扫码交付: for a neighbour without her phone. Nothing settles now: she is asked to confirm in the
 * app (or by SMS); the money settles when she does, or after 72 hours unless she disputes.
 */
export function WithoutCodeSheet({ communityId, household, onClose }: { communityId: string; household: PendingHousehold | null; onClose: () => void }) {
  return (
    <Popup visible={!!household} onMaskClick={onClose} onClose={onClose} destroyOnClose bodyClassName="woc-sheet">
      {household && <SheetBody communityId={communityId} household={household} onClose={onClose} />}
    </Popup>
  );
}

function SheetBody({ communityId, household, onClose }: { communityId: string; household: PendingHousehold; onClose: () => void }) {
  const { t } = useTranslation('leader');
  const queryClient = useQueryClient();
  const { selected, toggle, chosen, pieces } = useLineSelection(household.lines);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const handOver = useMutation({
    mutationFn: () => api(`/api/communities/${communityId}/pickups/without-code`, {
      body: { residentKey: household.residentKey, lineIds: chosen.map((l) => l.lineId), note: note.trim() },
    }),
    onSuccess: async () => {
      Toast.show({ icon: 'success', content: t('woc.done', { name: household.name }), duration: 2500 });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: handoverKeys.community(communityId) }),
        queryClient.invalidateQueries({ queryKey: groupBuyKeys.all }),
      ]);
      onClose();
    },
    onError: (err) => setError(errorMessage(err)),
  });

  return (
    <div className="woc" data-testid="without-code-sheet">
      <h2 className="woc-title">{t('woc.title', { name: household.name })}</h2>
      <div className="woc-numbers">{numbersLine(household.groupNumbers)}</div>
      <div className="woc-lines">
        {household.lines.map((l) => <LineCheck key={l.lineId} line={l} checked={selected.has(l.lineId)} onChange={(v) => toggle(l.lineId, v)} />)}
      </div>
      <label className="woc-note">
        <span className="gbi-label">{t('woc.noteLabel')}</span>
        <TextArea value={note} onChange={setNote} placeholder={t('woc.notePlaceholder')} maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 4 }} data-testid="without-code-note" />
      </label>
      <div className="woc-explain">
        <b>{t('woc.explainTitle')}</b>
        <ul>
          <li>{t('woc.explain1')}</li>
          <li>{t('woc.explain2')}</li>
          <li>{t('woc.explain3')}</li>
        </ul>
      </div>
      <ActionError message={error} />
      <Button block size="large" color="primary" disabled={chosen.length === 0} loading={handOver.isPending}
        onClick={() => { setError(null); handOver.mutate(); }} data-testid="without-code-confirm">
        {chosen.length === 0 ? t('pickup.chooseSome') : t('woc.confirm', { count: chosen.length, pieces })}
      </Button>
      <Button block size="large" fill="none" onClick={onClose}>{t('cancel', { ns: 'common' })}</Button>
    </div>
  );
}
