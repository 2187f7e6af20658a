import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ProductGuaranteeView } from '../../../shared/types';
import { ChevronRight, ShieldIcon } from '../icons';

const ACTIONS = ['refund_now', 'leader_review', 'ask_more', 'platform'] as const;
const actionOf = (a: string) => (ACTIONS as readonly string[]).includes(a) ? a : 'platform';

/**
 * 「这件商品的售后保障」 before she buys: the rules that refund at once for this product, with their
 * conditions as the server generated them from the rules in force, and the catch-all rule (团长兜底).
 */
export function ItemGuarantees({ guarantees }: { guarantees: ProductGuaranteeView[] }) {
  const { t } = useTranslation('resident');
  const promises = guarantees.filter((g) => g.action === 'refund_now');
  const floor = guarantees.find((g) => g.always);
  if (promises.length === 0 && !floor) return null;
  return (
    <section className="r-item-guarantee" data-testid="item-guarantees">
      <div className="r-item-guarantee-head"><ShieldIcon size={18} />{t('shop.guarantee.title')}</div>
      {promises.map((g) => (
        <div key={g.key} className="r-item-guarantee-rule" data-testid="item-guarantee" data-key={g.key}>
          <div className="r-strong">{g.name} · {t(`guarantees.actions.${actionOf(g.action)}`)}</div>
          {g.conditions.length > 0 && (
            // The conditions are long; folded so three items do not repeat a page of them.
            <details className="r-item-guarantee-when">
              <summary>{t('shop.guarantee.when')}</summary>
              <ul className="r-item-guarantee-conds">{g.conditions.map((c) => <li key={c}>{c}</li>)}</ul>
            </details>
          )}
        </div>
      ))}
      {floor && <div className="r-item-guarantee-rule" data-testid="item-guarantee" data-key={floor.key}>{t(promises.length ? 'shop.guarantee.otherwise' : 'shop.guarantee.only', { name: floor.name, action: t(`guarantees.actions.${actionOf(floor.action)}`) })}</div>}
      <Link to={`/guarantees#${promises[0]?.key ?? floor?.key ?? ''}`} className="r-item-guarantee-all">{t('shop.guarantee.all')}<ChevronRight size={16} /></Link>
    </section>
  );
}
