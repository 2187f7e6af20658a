import { Button, Skeleton } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RequireLogin } from '../../shared/auth';
import { isUuid } from '../lib/api';
import { useNow, useTimeFormat } from '../lib/time';
import { MobilePage, useTitle } from '../components/Page';
import { ErrorView } from '../components/ErrorView';
import { useEligibility, useProposals } from '../../shared/governance/api';
import { EligibilityCard, ProposalList } from '../../shared/governance/ProposalList';
import { NotFound } from './NotFound';

/** /c/:communityId/proposals — 社区提案: whether she may vote (and why not), the proposals, 我要提案. */
export default function ProposalsPage() {
  const { communityId } = useParams();
  if (!isUuid(communityId)) return <NotFound kind="community" />;
  return <RequireLogin>{() => <Proposals communityId={communityId} />}</RequireLogin>;
}

function Proposals({ communityId }: { communityId: string }) {
  const { t } = useTranslation('governance');
  const navigate = useNavigate();
  const now = useNow(30_000);
  const fmt = useTimeFormat();
  const list = useProposals(communityId);
  const eligibility = useEligibility(communityId);
  useTitle(t('title'));
  return (
    <MobilePage title={t('title')} back={`/c/${communityId}`}>
      <p className="gov-section" style={{ margin: '10px 12px' }}>{t('intro')}</p>
      {eligibility.data && <EligibilityCard e={eligibility.data} formatDate={fmt.date} />}
      {eligibility.data?.eligible && (
        <div className="gov-fab"><Button block color="primary" onClick={() => navigate(`/c/${communityId}/proposals/new`)}>{t('propose')}</Button></div>
      )}
      {list.isError ? <ErrorView error={list.error} onRetry={() => list.refetch()} />
        : !list.data ? <div className="gov-section"><Skeleton.Paragraph lineCount={4} animated /></div>
        : <ProposalList items={list.data.items} now={now} hrefOf={(id) => `/proposals/${id}`} />}
    </MobilePage>
  );
}
