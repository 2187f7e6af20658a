import { Link } from 'react-router';
import { Skeleton } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useGroupBuy } from '../../lib/api';
import { ProductImage } from '../ProductImage';
import { Price } from '../Price';
import { GroupBuyStatusTag } from '../StatusTag';
import { CartIcon, ChevronRight } from '../icons';

/** The group buy a recommendation points to, as a card to tap: picture, name, price, 「去接龙」. */
export function GroupBuyMini({ id }: { id: string }) {
  const { t } = useTranslation('resident');
  const gb = useGroupBuy(id);
  if (gb.isPending) {
    return <div className="r-gb-mini r-gb-mini-loading" aria-busy="true"><Skeleton animated className="r-gb-mini-img" /><div className="r-gb-mini-text"><Skeleton.Paragraph lineCount={2} animated /></div></div>;
  }
  if (gb.isError) return <div className="r-gb-mini r-gb-mini-gone r-muted r-small">{t('feed.gbGone')}</div>;
  const g = gb.data;
  const live = g.status === 'open' || g.status === 'scheduled';
  const first = [...g.items].sort((a, b) => a.position - b.position)[0];
  const soldOut = g.items.length > 0 && g.items.every((i) => i.stockAvailable <= 0);
  return (
    <Link to={`/g/${g.id}`} className="r-gb-mini" data-testid="post-group-buy" onClick={(e) => e.stopPropagation()}>
      <div className="r-gb-mini-img"><ProductImage src={first?.product.imageUrls[0]} alt={g.title} /></div>
      <div className="r-gb-mini-text">
        <div className="r-gb-mini-title">{g.title}</div>
        <div className="r-gb-mini-row">
          {first && <Price fen={first.priceFen} size="sm" />}
          {g.items.length > 1 && <span className="r-small r-muted">{t('shop.itemsCount', { n: g.items.length })}</span>}
          <GroupBuyStatusTag status={g.status} soldOut={soldOut} />
        </div>
      </div>
      <span className={live && !soldOut ? 'r-gb-go' : 'r-gb-view'}>{live && !soldOut && g.status === 'open' ? t('card.buy') : t('card.view')}</span>
    </Link>
  );
}

/** A link the leader attached to his answer: the group buy by name (opens it), or a product chip. */
export function CommentLinkChip({ type, id, communityId }: { type: 'group_buy' | 'product'; id: string; communityId: string }) {
  const { t } = useTranslation('resident');
  if (type === 'product') {
    // Residents have no product page: the chip says what it is and leads to what is on offer.
    return (
      <Link to={`/c/${communityId}`} className="r-link-chip r-link-chip-product" data-testid="comment-link" data-type="product">
        <CartIcon size={15} /><span>{t('post.productLink')}</span><ChevronRight size={13} />
      </Link>
    );
  }
  return <GroupBuyChip id={id} />;
}

function GroupBuyChip({ id }: { id: string }) {
  const { t } = useTranslation('resident');
  const gb = useGroupBuy(id);
  return (
    <Link to={`/g/${id}`} className="r-link-chip" data-testid="comment-link" data-type="group_buy">
      <CartIcon size={15} />
      <span className="r-ellipsis">{gb.data ? gb.data.title : t('post.groupBuyLink')}</span>
      {gb.data?.items[0] && <Price fen={gb.data.items[0].priceFen} size="sm" />}
      <ChevronRight size={13} />
    </Link>
  );
}
