import { Skeleton } from 'antd-mobile';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import { EmptyState } from '../../shared/states';
import type { Me } from '../../shared/types';
import { communityOf } from '../lib/community';
import { useTimeFormat } from '../lib/time';
import { ErrorView } from '../components/ErrorView';
import { MobilePage, useTitle } from '../components/Page';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ProductImage } from '../components/ProductImage';
import { ChevronRight, ShieldIcon } from '../components/icons';
import { ClaimStatusTag, useMyClaims, type Claim } from '../components/claims';

/** /claims — 我的售后: every claim she filed, newest first. */
export default function MyClaimsPage() {
  return <RequireLogin>{(me) => <MyClaims me={me} />}</RequireLogin>;
}

function MyClaims({ me }: { me: Me }) {
  const { t } = useTranslation('resident');
  const claims = useMyClaims();
  useTitle(t('myClaims.title'));
  const items = claims.data?.items ?? [];

  return (
    <MobilePage title={t('myClaims.title')} back="/orders" right={<LanguageSwitch className="r-lang-nav" />} className="r-my-claims">
      <Link to="/guarantees" className="r-card r-claims-rules" data-testid="claims-rules-link">
        <ShieldIcon size={20} />
        <span className="r-claims-rules-text">
          <span className="r-strong">{t('aftersales.rulesLink')}</span>
          <span className="r-small r-muted">{t('myClaims.rulesHint')}</span>
        </span>
        <ChevronRight size={16} className="r-muted" />
      </Link>
      {claims.isPending ? (
        <div className="r-list" aria-busy="true">
          {[0, 1].map((i) => <div key={i} className="r-card"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={2} animated /></div>)}
        </div>
      ) : claims.isError ? (
        <ErrorView error={claims.error} onRetry={() => claims.refetch()} />
      ) : items.length === 0 ? (
        <div className="r-empty" data-testid="claims-empty">
          <EmptyState title={t('myClaims.empty')} description={t('myClaims.emptyHint')} />
        </div>
      ) : (
        <div className="r-list" data-testid="claims-list">
          {items.map((c) => <ClaimCard key={c.id} c={c} me={me} />)}
          <div className="r-list-end">{t('list.noMore')}</div>
        </div>
      )}
    </MobilePage>
  );
}

function ClaimCard({ c, me }: { c: Claim; me: Me }) {
  const { t } = useTranslation('resident');
  const fmt = useTimeFormat(communityOf(me, c.communityId)?.timeZone);
  const title = c.productName || t('myClaims.order');
  const refunded = c.status === 'refunded';
  return (
    <Link to={`/claims/${c.id}`} className="r-order-card r-claim-card" data-testid="claim-card" data-status={c.status}>
      <div className="r-order-main">
        <ProductImage src={c.productImage ?? undefined} alt={title} className="r-thumb r-claim-thumb" />
        <div className="r-order-text">
          <div className="r-order-head">
            <span className="r-strong r-ellipsis">{title}</span>
            <ClaimStatusTag status={c.status} />
          </div>
          <div className="r-small">{t(`aftersales.kinds.${c.kind}`)} · {t('myClaims.quantity', { n: c.quantity })}</div>
          <div className="r-small r-muted">{t('myClaims.filedOn', { time: fmt.time(c.createdAt) })}</div>
        </div>
      </div>
      <div className="r-order-foot">
        <span className={`r-small${refunded ? ' r-claim-card-refunded' : ''}`}>
          {refunded ? t('myClaims.refunded', { amount: yuan(c.refundedFen) }) : t('myClaims.amount', { amount: yuan(c.amountFen) })}
        </span>
        <span className="r-claim-card-go">{t('myClaims.view')}<ChevronRight size={14} /></span>
      </div>
    </Link>
  );
}
