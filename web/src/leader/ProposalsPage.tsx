import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LeaderPage } from './components';
import { useProposals } from '../shared/governance/api';
import { ProposalList } from '../shared/governance/ProposalList';
import { useNow } from '../resident/lib/time';

/** /leader/:communityId/proposals — his community's proposals and how their votes stand (details open the residents' page, where he votes as a member). */
export function ProposalsPage() {
  const { communityId = '' } = useParams();
  const { t } = useTranslation('governance');
  const now = useNow(30_000);
  const list = useProposals(communityId);
  return (
    <LeaderPage title={t('leader.title')} communityId={communityId} back={`/leader/${communityId}`}>
      <p className="gov-section gov-muted">{t('leader.hint')}</p>
      {list.data && <ProposalList items={list.data.items} now={now} hrefOf={(id) => `/proposals/${id}`} />}
      {list.isError && <p className="gov-section">{t('loadFailed')}</p>}
    </LeaderPage>
  );
}
