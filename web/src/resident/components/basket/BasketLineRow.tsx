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
      <LineFooter problem={line.problem} problemText={problemText(line, t)} fix={fix} quantity={line.quantity} max={max} busy={busy} onQuantity={onQuantity} onRemove={onRemove}
        labels={{ fixTo: (n) => t('basket.fixTo', { n }), fixRemove: t('basket.fixRemove'), remove: t('basket.remove'), quantity: t('shop.quantityOf', { name: line.product.name }) }} />
    </div>
  );
}

/** A line whose group buy closed, has not opened, sold out or is withdrawn: only removing it helps. */
export const stuckProblem = (problem: string | null) => problem === 'closed' || problem === 'not_open' || problem === 'sold_out' || problem === 'inactive';

/** Under a basket line (an item or a bundle): what is wrong and its one-tap fix, then remove and the stepper. */
export function LineFooter({ problem, problemText, fix, quantity, max, busy, labels, onQuantity, onRemove }: {
  problem: string | null; problemText: string; fix: number | null; quantity: number; max: number; busy: boolean;
  labels: { fixTo: (n: number) => string; fixRemove: string; remove: string; quantity: string };
  onQuantity: (quantity: number) => void; onRemove: () => void;
}) {
  return (
    <>
      {problem && (
        <div className="r-bline-issue" role="alert" data-testid="basket-problem" data-problem={problem}>
          <span>{problemText}</span>
          {fix !== null && (
            <Button size="small" shape="rounded" color="danger" fill="outline" disabled={busy} onClick={() => (fix > 0 ? onQuantity(fix) : onRemove())} data-testid="basket-fix">
              {fix > 0 ? labels.fixTo(fix) : labels.fixRemove}
            </Button>
          )}
        </div>
      )}
      {!stuckProblem(problem) && (
        <div className="r-bline-controls">
          <button type="button" className="r-bline-remove" onClick={onRemove} disabled={busy} data-testid="basket-remove">{labels.remove}</button>
          <Stepper min={1} max={max} value={quantity} onChange={(v) => v !== quantity && onQuantity(v)} digits={0} inputReadOnly aria-label={labels.quantity} data-testid="basket-quantity" />
        </div>
      )}
    </>
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
