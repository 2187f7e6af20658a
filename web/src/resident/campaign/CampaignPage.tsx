import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Skeleton } from 'antd-mobile';
import { MobilePage, useTitle } from '../components/Page';
import { ErrorView } from '../components/ErrorView';
import { useCampaignPage } from './useCampaignPage';
import { CampaignHero } from './CampaignHero';
import { StorySection } from './StorySection';
import { StandardsSection } from './StandardsSection';
import { ProductsSection } from './ProductsSection';
import { BundlesSection } from './BundlesSection';
import { GuaranteeSection } from './GuaranteeSection';
import { VisitsSection } from './VisitsSection';
import { AmbassadorsSection } from './AmbassadorsSection';
import { StoriesSection } from './StoriesSection';
import './campaign.css';

/**
 * /campaigns/:slug — a campaign as residents see it. The page only lays out sections; each section
 * is its own component (the later ones fetch their own data), so a feature adds its section to the
 * list below without touching the others.
 */
export default function CampaignPage() {
  const { slug = '' } = useParams();
  const { t, i18n } = useTranslation('campaigns');
  const page = useCampaignPage(slug);
  const en = i18n.language === 'en';
  useTitle(page.data ? (en ? page.data.campaign.nameEn : page.data.campaign.nameZh) : t('resident.pageTitle'));
  if (page.isError) return <MobilePage title={t('resident.pageTitle')} back="/campaigns"><ErrorView error={page.error} onRetry={() => page.refetch()} /></MobilePage>;
  if (!page.data) return <MobilePage title={t('resident.pageTitle')} back="/campaigns"><div style={{ padding: 16 }}><Skeleton.Title animated /><Skeleton.Paragraph lineCount={6} animated /></div></MobilePage>;
  const data = page.data;
  return (
    <MobilePage title={t('resident.pageTitle')} back="/campaigns" className="cp-page">
      <CampaignHero campaign={data.campaign} />
      <StorySection campaign={data.campaign} />
      <StandardsSection standards={data.standards} />
      <ProductsSection campaign={data.campaign} products={data.products} signedIn={page.signedIn} hasCommunity={!!page.communityId} />
      <BundlesSection slug={slug} />
      <GuaranteeSection slug={slug} />
      <StoriesSection slug={slug} />
      <VisitsSection slug={slug} />
      <AmbassadorsSection slug={slug} />
    </MobilePage>
  );
}
