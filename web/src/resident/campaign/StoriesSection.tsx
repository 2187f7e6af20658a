import { Button, DotLoading } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useCampaignStories, type PublicStory } from '../../shared/stories';
import { ErrorView } from '../components/ErrorView';
import './stories.css';

/**
 * 邻居的真实分享 on a campaign page: residents' own posts about its products, shown only with their
 * consent, ten at a time. 「已购买认证」 sits beside a product only if she was handed it (the
 * server computes it; the page never assumes it).
 */
export function StoriesSection({ slug }: { slug: string }) {
  const { t } = useTranslation('stories');
  const q = useCampaignStories(slug);
  let body;
  if (q.isPending) body = <div className="r-muted st-loading"><DotLoading /></div>;
  else if (q.isError) body = <ErrorView error={q.error} onRetry={() => q.refetch()} />;
  else {
    const all = q.data.pages.flatMap((p) => p.items);
    body = all.length === 0 ? (
      <div className="st-empty" data-testid="stories-empty">
        <div>{t('section.empty')}</div>
        <div className="r-muted r-small">{t('section.emptyHint')}</div>
      </div>
    ) : (
      <>
        <div className="st-list">{all.map((s) => <StoryCard key={s.id} story={s} />)}</div>
        {q.hasNextPage ? (
          <Button block fill="outline" shape="rounded" className="st-more" loading={q.isFetchingNextPage} onClick={() => { void q.fetchNextPage(); }} data-testid="stories-more">{t('section.more')}</Button>
        ) : all.length > 3 ? <div className="r-muted r-center r-small st-end">{t('section.noMore')}</div> : null}
      </>
    );
  }
  return (
    <section className="r-card st-section" data-testid="campaign-stories">
      <h2 className="r-card-title">{t('section.title')}</h2>
      <p className="r-muted r-small st-hint">{t('section.hint')}</p>
      {body}
    </section>
  );
}

function StoryCard({ story }: { story: PublicStory }) {
  const { t } = useTranslation('stories');
  return (
    <article className="st-card" data-testid="story-card">
      <div className="st-card-head">
        <span className="st-author" translate="no">{story.author}</span>
        <span className="r-muted r-small" translate="no">{story.communityName}</span>
      </div>
      {story.title && <h3 className="st-title" translate="no">{story.title}</h3>}
      <p className="st-body" translate="no">{story.body}</p>
      {story.photos.length > 0 && (
        <div className="st-photos">
          {story.photos.map((url, i) => (
            <a key={url} href={url} target="_blank" rel="noreferrer" className="st-photo"><img src={url} alt={t('section.photo', { n: i + 1 })} loading="lazy" /></a>
          ))}
        </div>
      )}
      <ul className="st-products">
        {story.products.map((p) => (
          <li key={p.id} className="st-product">
            <span translate="no">{p.name}</span>
            {p.verifiedPurchase && <span className="st-verified" title={t('verifiedHint')} data-testid="story-verified">✓ {t('verified')}</span>}
          </li>
        ))}
      </ul>
    </article>
  );
}
