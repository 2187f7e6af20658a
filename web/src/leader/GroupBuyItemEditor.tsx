import { useTranslation } from 'react-i18next';
import { Button, Input, Popup } from 'antd-mobile';
import { yuan } from '../shared/api';
import type { CatalogProduct, Endorsement } from '../shared/types';
import { Icon, ProductImage, Stars } from './components';
import type { DraftItem, FieldError, ItemErrors } from './newGroupBuyDraft';

function FieldMessage({ error, id }: { error?: FieldError; id: string }) {
  const { t } = useTranslation('leader');
  if (!error) return null;
  return <div className="gbi-error" id={id} role="alert">{t(`new.errors.${error.key}`, error.values)}</div>;
}

/** One item of the group buy being opened: its product, price, stock and per-person limit. */
export function ItemCard({ item, index, count, product, endorsement, errors, showErrors, onChange, onRemove, onMove }: {
  item: DraftItem; index: number; count: number; product: CatalogProduct | undefined; endorsement: Endorsement | undefined;
  errors: ItemErrors | undefined; showErrors: boolean;
  onChange: (patch: Partial<Omit<DraftItem, 'key'>>) => void; onRemove: () => void; onMove: (by: -1 | 1) => void;
}) {
  const { t } = useTranslation('leader');
  const e = showErrors ? errors ?? {} : {};
  const unit = product?.unit ?? '';
  const fid = (f: string) => `gbi-${item.key}-${f}`;
  return (
    <section className="gbi-card" data-testid="gb-item" aria-label={t('new.itemN', { n: index + 1 })}>
      <div className="gbi-head">
        <span className="gbi-n">{index + 1}</span>
        <ProductImage src={product?.imageUrls[0]} size={52} />
        <div className="gbi-product">
          <div className="gbi-name">{product?.name ?? t('new.productGone')}</div>
          <div className="gbi-spec">{product ? `${product.spec} · ${t('new.listPrice', { price: yuan(product.listPriceFen), unit })}` : ''}</div>
          {endorsement && <div className="gbi-trial">{t('new.endorsed')} <Stars rating={endorsement.rating} label={t('trials.starsLabel', { n: endorsement.rating })} /></div>}
        </div>
      </div>
      <div className="gbi-fields">
        <label className="gbi-field">
          <span className="gbi-label">{t('new.price')}</span>
          <span className={`gbi-input${e.price ? ' invalid' : ''}`}>
            <span className="gbi-affix">¥</span>
            <Input value={item.price} onChange={(v) => onChange({ price: v })} inputMode="decimal" placeholder={t('new.pricePlaceholder')}
              aria-invalid={!!e.price} aria-describedby={e.price ? fid('price') : undefined} data-testid="price-input" />
            <span className="gbi-affix">/{unit}</span>
          </span>
          <FieldMessage error={e.price} id={fid('price')} />
        </label>
        <div className="gbi-row">
          <label className="gbi-field">
            <span className="gbi-label">{t('new.stockTotal')}</span>
            <span className={`gbi-input${e.stock ? ' invalid' : ''}`}>
              <Input value={item.stock} onChange={(v) => onChange({ stock: v })} inputMode="numeric" placeholder={t('new.stockPlaceholder')}
                aria-invalid={!!e.stock} aria-describedby={e.stock ? fid('stock') : undefined} data-testid="stock-input" />
              <span className="gbi-affix">{unit}</span>
            </span>
            <FieldMessage error={e.stock} id={fid('stock')} />
          </label>
          <label className="gbi-field">
            <span className="gbi-label">{t('new.perPersonLimit')}</span>
            <span className={`gbi-input${e.limit ? ' invalid' : ''}`}>
              <Input value={item.limit} onChange={(v) => onChange({ limit: v })} inputMode="numeric"
                aria-invalid={!!e.limit} aria-describedby={e.limit ? fid('limit') : undefined} data-testid="limit-input" />
              <span className="gbi-affix">{unit}</span>
            </span>
            <FieldMessage error={e.limit} id={fid('limit')} />
          </label>
        </div>
      </div>
      <div className="gbi-tools">
        <button type="button" className="gbi-tool" onClick={() => onMove(-1)} disabled={index === 0} aria-label={t('new.moveUp', { n: index + 1 })}>↑ {t('new.up')}</button>
        <button type="button" className="gbi-tool" onClick={() => onMove(1)} disabled={index === count - 1} aria-label={t('new.moveDown', { n: index + 1 })}>↓ {t('new.down')}</button>
        <button type="button" className="gbi-tool danger" onClick={onRemove} data-testid="remove-item">✕ {t('new.removeItem')}</button>
      </div>
    </section>
  );
}

/** The product pool as a sheet: what he has vouched for can be added; the rest leads to a trial first. */
export function ProductPicker({ visible, products, endorsed, chosen, onClose, onPick, onTrial }: {
  visible: boolean; products: CatalogProduct[]; endorsed: Map<string, Endorsement>; chosen: Set<string>;
  onClose: () => void; onPick: (id: string) => void; onTrial: (id: string) => void;
}) {
  const { t } = useTranslation('leader');
  const sorted = [...products].sort((a, b) => Number(endorsed.has(b.id)) - Number(endorsed.has(a.id)));
  return (
    <Popup visible={visible} onMaskClick={onClose} onClose={onClose} bodyClassName="gbi-picker" destroyOnClose>
      <div className="gbi-picker-head">
        <span>{t('new.pickTitle')}</span>
        <button type="button" className="gbi-picker-close" onClick={onClose}>{t('new.pickDone')}</button>
      </div>
      <div className="section-hint">{t('new.pickHint')}</div>
      {sorted.length === 0 ? <div className="center-muted">{t('new.noProducts')}</div> : (
        <div className="product-pick-list">
          {sorted.map((p) => {
            const e = endorsed.get(p.id);
            const added = chosen.has(p.id);
            return (
              <button type="button" key={p.id} className={`product-pick${e ? '' : ' untried'}${added ? ' added' : ''}`} disabled={added}
                onClick={() => (e ? onPick(p.id) : onTrial(p.id))} data-testid="product-option" data-endorsed={e ? 'true' : 'false'}>
                <ProductImage src={p.imageUrls[0]} size={64} />
                <div className="product-pick-info">
                  <div className="product-pick-name">{p.name}</div>
                  <div className="product-pick-spec">{p.spec}</div>
                  <div className="product-pick-origin"><Icon.pin /> {p.origin}</div>
                  <div className="product-pick-mark">
                    {e
                      ? <span className="mark-endorsed">{t('new.endorsed')} <Stars rating={e.rating} label={t('trials.starsLabel', { n: e.rating })} /></span>
                      : <span className="mark-untried" data-testid="untried-mark">{t('new.untried')}</span>}
                  </div>
                </div>
                <span className="product-pick-go">{added ? t('new.added') : e ? t('new.add') : t('new.chooseUntried')}</span>
              </button>
            );
          })}
        </div>
      )}
      <div className="gbi-picker-foot"><Button block size="large" onClick={onClose}>{t('new.pickDone')}</Button></div>
    </Popup>
  );
}
