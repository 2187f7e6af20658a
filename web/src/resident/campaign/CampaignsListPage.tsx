import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Button, Skeleton } from 'antd-mobile';
import { api } from '../../shared/api';
import { campaignDay, campaignKeys, type Campaign } from '../../shared/campaigns';
import { MobilePage, useTitle } from '../components/Page';
import { ErrorView } from '../components/ErrorView';
import { ChevronRight, LeafIcon } from '../components/icons';
import './campaign.css';

const PAGE = 20;

/** /campaigns — the campaigns running now or coming, soonest first. */
export default function CampaignsListPage() {
  const { t, i18n } = useTranslation('campaigns');
  const en = i18n.language === 'en';
  const [pages, setPages] = useState(1);
  const list = useQuery({ queryKey: campaignKeys.list(pages), queryFn: () => api<{ items: Campaign[]; total: number }>(`/api/campaigns?page=1&pageSize=${PAGE * pages}`) });
  useTitle(t('resident.listTitle'));
  return (
    <MobilePage title={t('resident.listTitle')} back="/" className="cp-page">
      <p className="r-small r-muted cp-intro">{t('resident.listIntro')}</p>
      {list.isError ? <ErrorView error={list.error} onRetry={() => list.refetch()} />
        : !list.data ? <div style={{ padding: 16 }}><Skeleton.Paragraph lineCount={5} animated /></div>
          : list.data.items.length === 0 ? <div className="r-card cp-empty" data-testid="campaigns-empty"><LeafIcon size={28} /><span>{t('resident.listEmpty')}</span></div>
            : list.data.items.map((c) => (
              <Link key={c.id} to={`/campaigns/${c.slug}`} className="r-card cp-list-item" data-testid="campaign-item">
                <span className="cp-hero-badge">{en ? c.badgeEn : c.badgeZh}</span>
                <span className="cp-list-text">
                  <span className="r-strong">{en ? c.nameEn : c.nameZh}</span>
                  <span className="r-small r-muted">{c.running ? t('status.running') : t('status.upcoming')} · {t('period', { from: campaignDay(c.startsOn, en), to: campaignDay(c.endsOn, en) })}</span>
                </span>
                <ChevronRight size={16} className="r-muted" />
              </Link>
            ))}
      {list.data && list.data.items.length < list.data.total && <div style={{ padding: 12 }}><Button block onClick={() => setPages((n) => n + 1)}>{t('resident.more')}</Button></div>}
    </MobilePage>
  );
}
