import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Input, Selector, TextArea, Toast } from 'antd-mobile';
import { api, ApiError } from '../shared/api';
import type { GroupBuyView } from '../shared/types';
import { EmptyState, PageError, PageLoading } from '../shared/states';
import { ActionError, LeaderPage, NotLeader, errorMessage, useLeaderOf } from './components';
import { useEndorsements, useProducts } from './trials/useTrials';
import { DateTimeInput } from './DateTimeInput';
import { ItemCard, ProductPicker } from './GroupBuyItemEditor';
import { PRIORITY_CHOICES, draftBody, errorCount, useGroupBuyDraft, type FieldError } from './newGroupBuyDraft';
import { DEFAULT_TZ } from './lib';
import { groupBuyKeys } from '../shared/query-keys';
import { DraftControls, DraftSaveButton, useServerDraft } from './DraftControls';
import { ShiftChips } from './GroupBuyEditSheets';

export { DateTimeInput, type DateTimeValue } from './DateTimeInput';

/** /leader/:communityId/new — open a group buy of one or more items he has tried himself. */
export function NewGroupBuyPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <NewGroupBuyForm communityId={communityId} timeZone={community.timeZone || DEFAULT_TZ} />;
}

function Err({ error }: { error?: FieldError }) {
  const { t } = useTranslation('leader');
  return error ? <div className="gbi-error" role="alert">{t(`new.errors.${error.key}`, error.values)}</div> : null;
}

function NewGroupBuyForm({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t } = useTranslation('leader');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const { draft, errors, limits, addItem, updateItem, removeItem, moveItem, set, clear, replace } = useGroupBuyDraft(communityId, timeZone);
  const saved = useServerDraft(timeZone, replace);
  const [picking, setPicking] = useState(false);
  const [showErrors, setShowErrors] = useState(false);
  const [serverError, setServerError] = useState<{ message: string; code: string } | null>(null);
  const products = useProducts();
  const endorsements = useEndorsements(communityId);
  const endorsed = useMemo(() => new Map((endorsements.data?.items ?? []).filter((e) => !e.withdrawnAt).map((e) => [e.productId, e])), [endorsements.data]);
  const byId = useMemo(() => new Map((products.data?.items ?? []).map((p) => [p.id, p])), [products.data]);
  const active = useMemo(() => (products.data?.items ?? []).filter((p) => p.active), [products.data]);

  // Back from recording a trial (?product=…): the product joins the draft once it is endorsed.
  const fromTrial = params.get('product');
  const took = useRef(false);
  useEffect(() => {
    if (took.current || !fromTrial || !endorsements.data) return;
    took.current = true;
    if (endorsed.has(fromTrial)) addItem(fromTrial);
    const next = new URLSearchParams(params);
    next.delete('product');
    setParams(next, { replace: true });
  }, [fromTrial, endorsements.data, endorsed, addItem, params, setParams]);

  const open = useMutation({
    mutationFn: (body: unknown) => api<GroupBuyView>(`/api/communities/${communityId}/group-buys`, { body }),
    onSuccess: async (gb) => {
      clear();
      await queryClient.invalidateQueries({ queryKey: groupBuyKeys.community(communityId) });
      Toast.show({ icon: 'success', content: t('new.opened') });
      navigate(`/leader/group-buys/${gb.id}`, { replace: true });
    },
    onError: (err) => {
      setServerError({ message: errorMessage(err), code: err instanceof ApiError ? err.code : 'internal' });
      if (err instanceof ApiError && err.code === 'groupbuy.not_endorsed') void endorsements.refetch();
    },
  });

  const valid = () => {
    setServerError(null);
    setShowErrors(true);
    const n = errorCount(errors);
    if (n > 0) {
      Toast.show({ content: t('new.fixErrors', { count: n }) });
      requestAnimationFrame(() => document.querySelector('.gbi-error, .gbi-input.invalid')?.scrollIntoView({ block: 'center', behavior: 'smooth' }));
    }
    return n === 0;
  };
  const submit = () => { if (valid()) open.mutate(draftBody(draft, timeZone)); };

  const trial = (productId: string) => navigate(`/leader/${communityId}/trials/new?product=${productId}&then=open`);
  const e = showErrors ? errors : { items: {} as typeof errors.items };
  const placeholderTitle = draft.items.length === 0 ? t('new.titlePlaceholderEmpty')
    : draft.items.length === 1 ? byId.get(draft.items[0].productId)?.name ?? ''
      : t('new.titlePlaceholderMany', { first: byId.get(draft.items[0].productId)?.name ?? '', count: draft.items.length });

  let content;
  if (products.isPending || endorsements.isPending || saved.loading) content = <PageLoading />;
  else if (saved.error) content = <PageError error={saved.error} onRetry={() => window.location.reload()} />;
  else if (products.isError) content = <PageError error={products.error} onRetry={() => products.refetch()} />;
  else if (endorsements.isError) content = <PageError error={endorsements.error} onRetry={() => endorsements.refetch()} />;
  else if (active.length === 0) content = <EmptyState title={t('new.noProducts')} description={t('new.noProductsHint')} />;
  else {
    content = (
      <div className="gbn">
        {saved.draftId && <div className="gbe-banner" data-testid="draft-banner">{t('draft.banner', { ns: 'gbEdit' })}</div>}
        <h2 className="gbn-section">{t('new.sectionItems', { count: draft.items.length })}</h2>
        {draft.items.length === 0 && (
          <div className={`gbn-empty${showErrors ? ' invalid' : ''}`}>
            <div>{t('new.noItemsYet')}</div>
            {endorsed.size === 0 && <div className="section-hint">{t('new.noTrialsYet')}</div>}
          </div>
        )}
        {draft.items.map((item, i) => (
          <ItemCard key={item.key} item={item} index={i} count={draft.items.length} product={byId.get(item.productId)} endorsement={endorsed.get(item.productId)}
            errors={errors.items[item.key]} showErrors={showErrors}
            onChange={(patch) => updateItem(item.key, patch)} onRemove={() => removeItem(item.key)} onMove={(by) => moveItem(item.key, by)} />
        ))}
        <Err error={e.noItems ?? e.tooMany} />
        {draft.items.length < limits.items ? (
          <Button block size="large" color="primary" fill={draft.items.length === 0 ? 'solid' : 'outline'} className="gbn-add" onClick={() => setPicking(true)} data-testid="add-item">
            ＋ {draft.items.length === 0 ? t('new.addFirst') : t('new.addItem')}
          </Button>
        ) : <div className="section-hint">{t('new.maxItems', { max: limits.items })}</div>}

        <h2 className="gbn-section">{t('new.sectionTime', { zone: timeZone === 'Asia/Shanghai' ? t('new.beijingTime') : timeZone })}</h2>
        <div className="gbn-block">
          <div className="gbn-field">
            <span className="gbi-label">{t('new.cutoff')}</span>
            <DateTimeInput value={draft.cutoff} onChange={(v) => set('cutoff', v)} testId="cutoff" title={t('new.cutoff')} />
            <ShiftChips value={draft.cutoff} onChange={(v) => set('cutoff', v)} timeZone={timeZone} testId="cutoff" />
            <Err error={e.cutoff} />
            <div className="gbn-hint">{t('new.cutoffHint')}</div>
          </div>
          <div className="gbn-field">
            <span className="gbi-label">{t('new.pickupStart')}</span>
            <DateTimeInput value={draft.pickupStart} onChange={(v) => set('pickupStart', v)} testId="pickup-start" title={t('new.pickupStart')} />
            <Err error={e.pickupStart} />
          </div>
          <div className="gbn-field">
            <span className="gbi-label">{t('new.pickupEnd')}</span>
            <DateTimeInput value={draft.pickupEnd} onChange={(v) => set('pickupEnd', v)} testId="pickup-end" title={t('new.pickupEnd')} />
            <Err error={e.pickupEnd} />
          </div>
          <div className="gbn-field">
            <span className="gbi-label">{t('new.priority')}</span>
            <Selector columns={4} value={[draft.priorityMinutes]} onChange={(v) => v.length > 0 && set('priorityMinutes', v[0])}
              options={PRIORITY_CHOICES.map((m) => ({ value: m, label: m === 0 ? t('new.priorityNone') : t('new.priorityMinutes', { m }) }))} />
            <div className="gbn-hint">{t('new.priorityHint')}</div>
          </div>
        </div>

        <h2 className="gbn-section">{t('new.sectionWords')}</h2>
        <div className="gbn-block">
          <label className="gbn-field">
            <span className="gbi-label">{t('new.title')}</span>
            <span className={`gbi-input${e.title ? ' invalid' : ''}`}>
              <Input value={draft.title} onChange={(v) => set('title', v)} placeholder={placeholderTitle} maxLength={limits.title} clearable data-testid="title-input" />
            </span>
            <Err error={e.title} />
          </label>
          <label className="gbn-field">
            <span className="gbi-label">{t('new.note')}</span>
            <TextArea className="gbn-note" value={draft.note} onChange={(v) => set('note', v)} placeholder={t('new.notePlaceholder')} maxLength={limits.note} showCount autoSize={{ minRows: 3, maxRows: 8 }} />
            <div className="gbn-hint">{t('new.noteHint')}</div>
          </label>
        </div>

        {saved.draftId ? (
          <DraftControls communityId={communityId} draftId={saved.draftId} form={draft} timeZone={timeZone} valid={valid} onOpened={clear} />
        ) : <div className="gbn-footer">
          <ActionError message={serverError?.message ?? null} />
          {serverError?.code === 'groupbuy.no_approved_batch' && <div className="section-hint error-hint">{t('new.noBatchHint')}</div>}
          <Button block type="submit" color="primary" size="large" loading={open.isPending} onClick={submit} data-testid="open-group-buy-submit">
            {draft.items.length > 1 ? t('new.submitMany', { count: draft.items.length }) : t('new.submit')}
          </Button>
          <DraftSaveButton communityId={communityId} form={draft} timeZone={timeZone} />
        </div>}
        <ProductPicker visible={picking} products={active} endorsed={endorsed} chosen={new Set(draft.items.map((i) => i.productId))}
          onClose={() => setPicking(false)} onPick={(id) => { addItem(id); setPicking(false); }} onTrial={trial} />
      </div>
    );
  }

  return (
    <LeaderPage title={t('new.navTitle')} communityId={communityId} back={`/leader/${communityId}`}>
      {content}
    </LeaderPage>
  );
}
