import { Skeleton } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { RequireLogin } from '../../shared/auth';
import { useMyTrust } from '../lib/api';
import { ErrorView } from '../components/ErrorView';
import { MobilePage, useTitle } from '../components/Page';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Perks } from '../components/trust/Perks';
import { TrustHero, MadeOf, HowComputed } from '../components/trust/TrustSections';

/** /me/trust — her own level, score, what it is made of and what it unlocks. Only she sees it. */
export default function TrustPage() {
  return <RequireLogin>{() => <Trust />}</RequireLogin>;
}

function Trust() {
  const { t } = useTranslation('resident');
  const trust = useMyTrust();
  useTitle(t('trust.title'));
  const page = (children: React.ReactNode) => (
    <MobilePage title={t('trust.title')} back="/orders" right={<LanguageSwitch className="r-lang-nav" />} className="r-trust">{children}</MobilePage>
  );
  if (trust.isError) return page(<ErrorView error={trust.error} onRetry={() => trust.refetch()} />);
  if (!trust.data) {
    return page(
      <div className="r-pad" aria-busy="true"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={6} animated /></div>,
    );
  }
  const d = trust.data;
  return page(
    <>
      <TrustHero trust={d} />
      <MadeOf trust={d} />
      <HowComputed trust={d} />
      <Perks trust={d} />
      <p className="r-trust-foot">{t('trust.privacy')}</p>
    </>,
  );
}
