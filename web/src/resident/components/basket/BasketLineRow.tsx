import { Button, Stepper } from 'antd-mobile';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { BasketLine } from '../../../shared/types';
import { fixFor } from '../../lib/basket';
import { ProductImage } from '../ProductImage';
import { Price } from '../Price';
import { Unit } from '../../../shared/units';

/** One line of the basket: what, how many (stepper), remove, and — when something is wrong — what and a one-tap fix. */
export function BasketLineRow({ line, busy, onQuantity, onRemove }: {
  line: BasketLine; busy: boolean; onQuantity: (quantity: number) => void; onRemove: () => void;
}) {
  const { t } = useTranslation('resident');
  const fix = fixFor(line);
  const stuck = line.problem === 'closed' || line.problem === 'not_open' || line.problem === 'sold_out' || line.problem === 'inactive';
  const max = Math.max(1, line.quantity, line.available);
  return (
    <div className={`r-bline${line.problem ? ' r-bline-problem' : ''}`} data-testid="basket-line" data-item-id={line.itemId}>
      <div className="r-bline-main">
        <Link to={`/g/${line.groupBuyId}`} className="r-bline-img-link"><ProductImage src={line.product.imageUrls[0]} alt={line.product.name} className="r-bline-img" /></Link>
        <div className="r-bline-text">
          <div className="r-bline-name" translate="no">{line.product.name}</div>
          {line.product.spec && <div className="r-bline-spec" translate="no">{line.product.spec}</div>}
          <div className="r-bline-price-row">
            <Price fen={line.priceFen} size="sm" /><span className="r-bline-unit">/<Unit unit={line.product.unit} /></span>
          </div>
        </div>
      </div>
      {line.problem && (
        <div className="r-bline-issue" role="alert" data-testid="basket-problem" data-problem={line.problem}>
          <span>{problemText(line, t)}</span>
          {fix !== null && (
            <Button size="small" shape="rounded" color="danger" fill="outline" disabled={busy} onClick={() => (fix > 0 ? onQuantity(fix) : onRemove())} data-testid="basket-fix">
              {fix > 0 ? t('basket.fixTo', { n: fix }) : t('basket.fixRemove')}
            </Button>
          )}
        </div>
      )}
      {!stuck && (
        <div className="r-bline-controls">
          <button type="button" className="r-bline-remove" onClick={onRemove} disabled={busy} data-testid="basket-remove">{t('basket.remove')}</button>
          <Stepper min={1} max={max} value={line.quantity} onChange={(v) => v !== line.quantity && onQuantity(v)} digits={0} inputReadOnly
            aria-label={t('shop.quantityOf', { name: line.product.name })} data-testid="basket-quantity" />
        </div>
      )}
    </div>
  );
}

export function problemText(line: BasketLine, t: (k: string, o?: Record<string, unknown>) => string) {
  switch (line.problem) {
    case 'short': return line.available > 0 ? t('basket.problem.short', { n: line.available }) : t('basket.problem.sold_out');
    case 'over_limit':
      return line.available > 0
        ? t('basket.problem.over_limit', { limit: line.perPersonLimit, held: line.heldQuantity, n: line.available })
        : t('basket.problem.limit_reached', { limit: line.perPersonLimit, held: line.heldQuantity });
    case null: return '';
    default: return t(`basket.problem.${line.problem}`);
  }
}
