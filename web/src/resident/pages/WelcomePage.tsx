import { useState } from 'react';
import { Button, Skeleton, Toast } from 'antd-mobile';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RequireLogin } from '../../shared/auth';
import { EmptyState } from '../../shared/states';
import type { Me } from '../../shared/types';
import { isUuid, useCommunity } from '../lib/api';
import { useWelcomeGift } from '../lib/life';
import { ErrorView } from '../components/ErrorView';
import { MobilePage, useTitle } from '../components/Page';
import { CalendarIcon, ChevronRight, DownloadIcon, FileIcon, GiftIcon, LeafIcon, QuestionIcon } from '../components/icons';
import { NotFound } from './NotFound';

/** /c/:communityId/welcome — the welcome gift: open or save the handbook, copy the coupon, then come in. */
export default function WelcomePage() {
  const { communityId } = useParams();
  if (!isUuid(communityId)) return <NotFound kind="community" />;
  return <RequireLogin>{(me) => <Welcome me={me} communityId={communityId} />}</RequireLogin>;
}

/** Copies text; falls back to a hidden textarea where the Clipboard API is not allowed (older WebViews, http). */
async function copyText(text: string) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const el = document.createElement('textarea');
    el.value = text;
    el.setAttribute('readonly', '');
    el.style.position = 'fixed';
    el.style.opacity = '0';
    document.body.appendChild(el);
    el.select();
    let ok = false;
    try { ok = document.execCommand('copy'); } catch { ok = false; }
    el.remove();
    return ok;
  }
}

function Welcome({ me, communityId }: { me: Me; communityId: string }) {
  const { t } = useTranslation('resident');
  const navigate = useNavigate();
  const gift = useWelcomeGift(communityId);
  const community = useCommunity(communityId);
  const [copied, setCopied] = useState(false);
  useTitle(t('welcome.title'));
  const name = community.data?.name ?? me.communities.find((c) => c.id === communityId)?.name ?? '';
  const home = `/c/${communityId}`;

  const copy = async (code: string) => {
    const ok = await copyText(code);
    setCopied(ok);
    Toast.show(ok ? { icon: 'success', content: t('welcome.copied') } : { icon: 'fail', content: t('welcome.copyFailed'), duration: 3000 });
  };

  return (
    <MobilePage title={t('welcome.title')} back={home} className="r-welcome">
      {gift.isError ? (
        <ErrorView error={gift.error} onRetry={() => gift.refetch()} />
      ) : gift.isPending ? (
        <div className="r-card" aria-busy="true"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={4} animated /></div>
      ) : !gift.data ? (
        <div className="r-empty">
          <EmptyState title={t('welcome.empty')} description={t('welcome.emptyHint')} />
          <div className="r-center"><Link to={home} className="r-link">{t('welcome.enter')}</Link></div>
        </div>
      ) : (
        <>
          <header className="r-welcome-hero" data-testid="welcome-gift">
            <div className="r-welcome-icon"><GiftIcon size={34} /></div>
            <div className="r-welcome-hi">{name ? t('welcome.hi', { name }) : t('welcome.hiPlain')}</div>
            <h1 className="r-welcome-title">{gift.data.title}</h1>
            {gift.data.description && <p className="r-welcome-desc">{gift.data.description}</p>}
          </header>

          {gift.data.fileUrl && (
            <section className="r-card r-welcome-file">
              <div className="r-welcome-file-head">
                <span className="r-welcome-file-icon"><FileIcon size={24} /></span>
                <div>
                  <div className="r-strong">{gift.data.title}</div>
                  <div className="r-small r-muted">{t('welcome.fileHint')}</div>
                </div>
              </div>
              <div className="r-welcome-file-actions">
                <a className="r-abtn r-abtn-primary" href={gift.data.fileUrl} target="_blank" rel="noopener" data-testid="welcome-open">
                  <FileIcon size={18} />{t('welcome.open')}
                </a>
                <a className="r-abtn r-abtn-outline" href={gift.data.fileUrl} download data-testid="welcome-download">
                  <DownloadIcon size={18} />{t('welcome.download')}
                </a>
              </div>
            </section>
          )}

          {gift.data.couponCode && (
            <section className="r-card r-coupon" data-testid="welcome-coupon">
              <div className="r-small r-muted">{t('welcome.coupon')}</div>
              <div className="r-coupon-row">
                <span className="r-coupon-code r-mono" data-testid="welcome-coupon-code">{gift.data.couponCode}</span>
                <Button color="primary" fill={copied ? 'outline' : 'solid'} shape="rounded" size="small" onClick={() => void copy(gift.data!.couponCode!)} data-testid="welcome-copy">
                  {copied ? t('welcome.copiedShort') : t('welcome.copy')}
                </Button>
              </div>
              <div className="r-small r-muted">{t('welcome.couponHint')}</div>
            </section>
          )}

          <section className="r-card r-welcome-next">
            <h2 className="r-card-title">{t('welcome.nextTitle')}</h2>
            <Link to={`${home}?view=feed`} className="r-welcome-next-item"><QuestionIcon size={20} /><span>{t('welcome.next1')}</span><ChevronRight size={14} /></Link>
            <Link to={`${home}?view=events`} className="r-welcome-next-item"><CalendarIcon size={20} /><span>{t('welcome.next2')}</span><ChevronRight size={14} /></Link>
            <Link to={home} className="r-welcome-next-item"><LeafIcon size={20} /><span>{t('welcome.next3')}</span><ChevronRight size={14} /></Link>
          </section>

          <div className="r-claim-spacer" />
          <div className="r-bottom-bar">
            <Button block color="primary" shape="rounded" size="large" className="r-claim-submit" onClick={() => navigate(home)} data-testid="welcome-enter">{t('welcome.enter')}</Button>
          </div>
        </>
      )}
    </MobilePage>
  );
}
