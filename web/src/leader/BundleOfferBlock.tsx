import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Input, Selector, Toast } from 'antd-mobile';
import { api, ApiError, yuan } from '../shared/api';
import type { BundleOfferView, CampaignBundleView, GroupBuyView } from '../shared/types';
import { campaignKeys, type LeaderCampaign } from '../shared/campaigns';
import { bundleKeys, groupBuyKeys } from '../shared/query-keys';

/**
 * 王叔 sells a campaign's scenario bundle in his 团: the bundles of running campaigns, those whose
 * products are all items here first; he sets a price no higher than the parts cost here separately.
 * The server decides (and refuses with its reason, shown under the form).
 */
export function BundleOfferBlock({ gb }: { gb: GroupBuyView & { bundles?: BundleOfferView[] } }) {
  const { t, i18n } = useTranslation('bundles');
  const en = i18n.language === 'en';
  const queryClient = useQueryClient();
  const campaigns = useQuery({ queryKey: campaignKeys.leader(gb.communityId), queryFn: () => api<{ items: LeaderCampaign[] }>(`/api/leader/campaigns?communityId=${gb.communityId}`) });
  const bundleLists = useQueries({
    queries: (campaigns.data?.items ?? []).map((c) => ({ queryKey: bundleKeys.ofCampaign(c.campaign.id), queryFn: () => api<{ items: CampaignBundleView[] }>(`/api/campaigns/${c.campaign.id}/bundles`) })),
  });
  const [chosen, setChosen] = useState<string | null>(null);
  const [price, setPrice] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (input: { campaignBundleId: string; priceFen: number }) => api<BundleOfferView>(`/api/group-buys/${gb.id}/bundles`, { body: input }),
    onSuccess: () => {
      setChosen(null); setPrice(''); setRefusal(null);
      Toast.show({ icon: 'success', content: t('leader.added') });
      void queryClient.invalidateQueries({ queryKey: groupBuyKeys.detail(gb.id) });
    },
    onError: (err) => setRefusal(err instanceof ApiError ? err.message : t('leader.failed')),
  });

  const itemOf = new Map(gb.items.map((i) => [i.productId, i]));
  const offered = new Set((gb.bundles ?? []).map((o) => o.campaignBundleId));
  const bundles = bundleLists.flatMap((q) => q.data?.items ?? []).filter((b) => !offered.has(b.id));
  const fits = (b: CampaignBundleView) => b.parts.every((p) => itemOf.has(p.productId));
  const sorted = [...bundles.filter(fits), ...bundles.filter((b) => !fits(b))];
  const picked = sorted.find((b) => b.id === chosen);
  const separateFen = picked && fits(picked) ? picked.parts.reduce((s, p) => s + p.units * (itemOf.get(p.productId)?.priceFen ?? 0), 0) : 0;
  const priceFen = Math.round(Number(price) * 100);

  if (!(gb.status === 'open' || gb.status === 'scheduled')) return null;
  return (
    <section className="card-block" data-testid="bundle-offer-block">
      <h3 className="section-title" style={{ margin: 0 }}>{t('leader.title')}</h3>
      {(gb.bundles ?? []).length > 0 && (
        <div className="section-hint flush">
          {t('leader.existing')}：{(gb.bundles ?? []).map((o) => `${en ? o.nameEn : o.nameZh} ${yuan(o.priceFen)}`).join('、')}
        </div>
      )}
      <div className="section-hint flush">{t('leader.intro')}</div>
      {campaigns.isPending || bundleLists.some((q) => q.isPending) ? null : sorted.length === 0 ? (
        <div className="section-hint flush" data-testid="bundle-offer-none">{t('leader.none')}</div>
      ) : (
        <>
          <Selector columns={1} value={chosen ? [chosen] : []} onChange={(v) => { setChosen(v[0] ?? null); setRefusal(null); }}
            options={sorted.map((b) => {
              const missing = b.parts.filter((p) => !itemOf.has(p.productId)).map((p) => p.name);
              return {
                value: b.id, disabled: missing.length > 0,
                label: <span translate="no">{en ? b.nameEn : b.nameZh}</span>,
                description: missing.length ? t('leader.missing', { names: missing.join('、') }) : b.parts.map((p) => `${p.name}×${p.units}`).join(' + '),
              };
            })} data-testid="bundle-offer-pick" />
          {picked && (
            <div className="field">
              <div className="section-hint flush">{t('leader.separate', { amount: yuan(separateFen) })} · {t('leader.suggested', { amount: yuan(picked.priceFen) })}</div>
              <Input type="number" inputMode="decimal" placeholder={t('leader.price')} value={price} onChange={setPrice} aria-label={t('leader.price')} data-testid="bundle-offer-price" />
              {refusal && <div className="form-error" role="alert" style={{ color: '#cf1322', marginTop: 8 }} data-testid="bundle-offer-refusal">{refusal}</div>}
              <Button block color="primary" style={{ marginTop: 10 }} disabled={!(priceFen > 0)} loading={add.isPending}
                onClick={() => add.mutate({ campaignBundleId: picked.id, priceFen })} data-testid="bundle-offer-add">{t('leader.add')}</Button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
