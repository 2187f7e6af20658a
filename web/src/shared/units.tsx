import i18n from '../i18n';
import { Name } from './names';

/**
 * The one table of product units: the Chinese unit a product is sold by, to the code its texts
 * have in every language (common:units). A unit not in the table is shown as written.
 */
const UNIT_CODES: Record<string, string> = {
  盒: 'box', 斤: 'jin', 个: 'piece', 只: 'piece', 颗: 'piece', 块: 'piece', 条: 'piece', 件: 'piece',
  瓶: 'bottle', 袋: 'bag', 份: 'portion', 箱: 'case', 包: 'pack', 提: 'pack', 公斤: 'kg', 千克: 'kg',
  把: 'bunch', 串: 'bunch', 罐: 'can', 桶: 'can', 套: 'set', 杯: 'cup', 枚: 'egg',
};

/** A unit in the reader's language ("盒" → "box" / "boxes"), or null when it is not in the table. */
export function unitText(unit: string, count = 1): string | null {
  const code = UNIT_CODES[unit.trim()];
  return code ? i18n.t(`common:units.${code}`, { count }) : null;
}

/** A unit in the reader's language; a unit not in the table is someone's own word, shown as a name. */
export function Unit({ unit, count = 1 }: { unit: string; count?: number }) {
  const text = unitText(unit, count);
  return text === null ? <Name>{unit}</Name> : <>{text}</>;
}

/** A unit as plain text (for attributes and t() params): translated when known, else as written. */
export function unitLabel(unit: string, count = 1): string {
  return unitText(unit, count) ?? unit;
}
