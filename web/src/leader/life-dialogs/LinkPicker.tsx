import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Popup, Tabs, Toast } from 'antd-mobile';
import { PageError, PageLoading } from '../../shared/states';
import { GroupBuyStatusTag, ProductImage } from '../components';
import { useProducts } from '../trials/useTrials';
import { usePickableGroupBuys, type PostLink } from '../life';
import { PriceFrom } from '../lifeParts';

/**
 * Picks group buys of his community (open first) and, for answers, products of the pool.
 * `max` 1 makes it a single choice (a recommendation links exactly one group buy).
 */
export function LinkPicker({ visible, communityId, value, max, allowProducts, onClose, onChange, testId }: {
  visible: boolean; communityId: string; value: PostLink[]; max: number; allowProducts: boolean;
  onClose: () => void; onChange: (links: PostLink[]) => void; testId: string;
}) {
  const { t } = useTranslation('leader');
  const [tab, setTab] = useState<'group_buy' | 'product'>('group_buy');
  const [draft, setDraft] = useState<PostLink[]>(value);
  useEffect(() => { if (visible) setDraft(value); }, [visible]); // eslint-disable-line react-hooks/exhaustive-deps
  const gbs = usePickableGroupBuys(communityId, visible);
  const products = useProducts();
  const has = (l: PostLink) => draft.some((d) => d.type === l.type && d.id === l.id);
  const toggle = (l: PostLink) => {
    if (max === 1) { onChange([l]); onClose(); return; }
    if (has(l)) setDraft(draft.filter((d) => !(d.type === l.type && d.id === l.id)));
    else if (draft.length >= max) Toast.show({ content: t('life.picker.max', { max }) });
    else setDraft([...draft, l]);
  };

  let list: ReactNode;
  if (tab === 'group_buy') {
    if (gbs.isPending) list = <PageLoading />;
    else if (gbs.isError) list = <PageError error={gbs.error} onRetry={() => gbs.refetch()} />;
    else if (gbs.data.length === 0) list = <div className="center-muted">{t('life.picker.noGroupBuys')}</div>;
    else list = gbs.data.map((gb) => {
      const l: PostLink = { type: 'group_buy', id: gb.id };
      const on = has(l);
      return (
        <button type="button" key={gb.id} className={`pick-option${on ? ' on' : ''}`} onClick={() => toggle(l)} data-testid={`${testId}-option`} aria-pressed={on}>
          <ProductImage src={gb.items[0]?.product.imageUrls[0]} size={52} />
          <div className="pick-option-info">
            <div className="pick-option-name">{gb.title}</div>
            <div className="pick-option-sub"><PriceFrom gb={gb} /> · {t('life.picker.sold', { n: gb.buyerCount })}</div>
          </div>
          <div className="pick-option-side">
            <GroupBuyStatusTag status={gb.status} />
            {max > 1 && <span className={`pick-check${on ? ' on' : ''}`} aria-hidden="true">{on ? '✓' : ''}</span>}
          </div>
        </button>
      );
    });
  } else if (products.isPending) list = <PageLoading />;
  else if (products.isError) list = <PageError error={products.error} onRetry={() => products.refetch()} />;
  else {
    list = products.data.items.filter((p) => p.active).map((p) => {
      const l: PostLink = { type: 'product', id: p.id };
      const on = has(l);
      return (
        <button type="button" key={p.id} className={`pick-option${on ? ' on' : ''}`} onClick={() => toggle(l)} data-testid={`${testId}-product`} aria-pressed={on}>
          <ProductImage src={p.imageUrls[0]} size={52} />
          <div className="pick-option-info">
            <div className="pick-option-name">{p.name}</div>
            <div className="pick-option-sub">{p.spec} · {p.origin}</div>
          </div>
          <div className="pick-option-side"><span className={`pick-check${on ? ' on' : ''}`} aria-hidden="true">{on ? '✓' : ''}</span></div>
        </button>
      );
    });
  }

  return (
    <Popup visible={visible} onMaskClick={onClose} onClose={onClose} position="bottom" bodyClassName="picker-popup" destroyOnClose>
      <div className="picker-head">
        <span className="picker-title">{max === 1 ? t('life.picker.titleOne') : t('life.picker.title', { max })}</span>
        <a className="nav-link" onClick={onClose}>{t('cancel', { ns: 'common' })}</a>
      </div>
      {allowProducts && (
        <Tabs activeKey={tab} onChange={(k) => setTab(k as 'group_buy' | 'product')} className="picker-tabs">
          <Tabs.Tab key="group_buy" title={t('life.picker.tabGroupBuys')} />
          <Tabs.Tab key="product" title={t('life.picker.tabProducts')} />
        </Tabs>
      )}
      <div className="picker-list">{list}</div>
      {max > 1 && (
        <div className="picker-foot">
          <Button block color="primary" size="large" onClick={() => { onChange(draft); onClose(); }} data-testid={`${testId}-done`}>
            {t('life.picker.done', { n: draft.length })}
          </Button>
        </div>
      )}
    </Popup>
  );
}
