import { Dialog } from 'antd-mobile';
import type { ShortLine } from '../../../shared/types';

type T = (k: string, o?: Record<string, unknown>) => string;

/**
 * The 409 order.lines_short answer, said plainly: nothing was paid or ordered, these lines are short,
 * this much is left. Resolves true when she wants 「买剩下的」.
 */
export function askBuyRest(lines: ShortLine[], t: T): Promise<boolean> {
  const anythingLeft = lines.some((l) => l.available > 0);
  return new Promise((resolve) => {
    Dialog.show({
      title: t('basket.shortTitle'),
      content: (
        <div className="r-dialog-text" data-testid="short-lines">
          <p style={{ margin: '0 0 8px' }}>{t('basket.shortText')}</p>
          <ul className="r-short-list">
            {lines.map((l) => (
              <li key={l.itemId}>
                <b>{l.productName || l.title}</b>
                <div>{l.available > 0 ? t('basket.shortLine', { requested: l.requested, available: l.available }) : t(`basket.shortNone.${l.reason}`)}</div>
              </li>
            ))}
          </ul>
          <p className="r-muted" style={{ margin: '8px 0 0' }}>{anythingLeft ? t('basket.buyRestHint') : t('basket.buyRestHintNone')}</p>
        </div>
      ),
      closeOnAction: true,
      onClose: () => resolve(false),
      actions: [[
        { key: 'keep', text: t('basket.keepEditing'), onClick: () => resolve(false) },
        { key: 'rest', text: t('basket.buyRest'), bold: true, onClick: () => resolve(true) },
      ]],
    });
  });
}
