import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, PullToRefresh, Tag, TextArea, Toast } from 'antd-mobile';
import { api, formatTime } from '../shared/api';
import { PageError, PageLoading } from '../shared/states';
import { ActionError, Icon, LeaderPage, NotLeader, errorMessage, useLeaderOf } from './components';
import { DEFAULT_TZ } from './lib';
import { invalidateLife, textLength, useReports, type ContentReport } from './life';
import { LifeIcon, PlainText, useAgo } from './lifeParts';
import { useLimits } from '../shared/limits';

type Resolving = { report: ContentReport; decision: 'hide' | 'dismiss' };

/** /leader/:communityId/reports — neighbours' reports: hide what was reported (with a reason) or dismiss. */
export function ReportsPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <Reports communityId={communityId} timeZone={community.timeZone || DEFAULT_TZ} />;
}

function Reports({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const navigate = useNavigate();
  const ago = useAgo();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const base = `/leader/${communityId}`;
  const reports = useReports(communityId);
  const [resolving, setResolving] = useState<Resolving | null>(null);

  let body;
  if (reports.isPending) body = <PageLoading />;
  else if (reports.isError) body = <PageError error={reports.error} onRetry={() => reports.refetch()} />;
  else if (reports.data.items.length === 0) {
    body = (
      <div className="all-done" data-testid="reports-empty">
        <div className="all-done-icon"><Icon.done /></div>
        <div className="all-done-title">{t('life.reports.empty')}</div>
        <div className="section-hint">{t('life.reports.emptyHint')}</div>
      </div>
    );
  } else {
    body = (
      <div className="post-list">
        {reports.data.items.map((r) => (
          <article key={r.id} className="report-card" data-testid="report-row">
            <div className="post-card-head">
              <Tag color={r.targetType === 'post' ? 'primary' : 'default'} fill="outline">{r.targetType === 'post' ? t('life.reports.post') : t('life.reports.comment')}</Tag>
              <span className="question-asker">{t('life.reports.by', { name: r.authorName || t('life.reports.someone') })}</span>
              <span className="post-card-meta" title={formatTime(r.createdAt, timeZone, locale)}>{ago(r.createdAt)}</span>
            </div>
            <PlainText text={r.excerpt || t('life.reports.noText')} className="report-excerpt" />
            <div className="report-reason">
              <span className="report-reason-label">{t('life.reports.reportedBy', { name: r.reporterName })}</span>
              <PlainText text={r.reason} className="report-reason-text" />
            </div>
            <div className="report-actions">
              {r.targetType === 'post' && <Button size="small" fill="none" onClick={() => navigate(`${base}/posts/${r.targetId}`)}>{t('life.reports.view')}</Button>}
              <Button size="small" onClick={() => setResolving({ report: r, decision: 'dismiss' })} data-testid="report-dismiss">{t('life.reports.dismiss')}</Button>
              <Button size="small" color="danger" onClick={() => setResolving({ report: r, decision: 'hide' })} data-testid="report-hide"><LifeIcon.eyeOff /> {t('life.reports.hide')}</Button>
            </div>
          </article>
        ))}
      </div>
    );
  }

  return (
    <LeaderPage title={t('life.reports.navTitle')} communityId={communityId} back={base}>
      <PullToRefresh onRefresh={async () => { await reports.refetch(); }}>
        <div className="life-intro"><LifeIcon.flag /> <span>{t('life.reports.intro')}</span></div>
        {body}
      </PullToRefresh>
      <ResolveDialog resolving={resolving} communityId={communityId} onClose={() => setResolving(null)} />
    </LeaderPage>
  );
}

const PRESETS = ['ad', 'rude', 'false', 'privacy', 'offtopic'] as const;

function ResolveDialog({ resolving, communityId, onClose }: { resolving: Resolving | null; communityId: string; onClose: () => void }) {
  const { t } = useTranslation('leader');
  const limits = useLimits().posts;
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { setReason(''); setError(null); }, [resolving?.report.id, resolving?.decision]);
  const hide = resolving?.decision === 'hide';
  const resolve = useMutation({
    mutationFn: (v: { id: string; decision: 'hide' | 'dismiss'; reason: string }) => api(`/api/moderation/reports/${v.id}/resolve`, { body: { decision: v.decision, reason: v.reason } }),
    onSuccess: async (_d, v) => {
      await invalidateLife(queryClient, communityId, resolving?.report.targetType === 'post' ? resolving.report.targetId : undefined);
      Toast.show({ icon: 'success', content: v.decision === 'hide' ? t('life.reports.hidden') : t('life.reports.dismissed') });
      onClose();
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const submit = () => {
    if (!resolving) return;
    const n = textLength(reason);
    if (hide && (n < limits.reasonMin || n > limits.reasonMax)) {
      setError(t('life.hide.reasonRule', { min: limits.reasonMin, max: limits.reasonMax }));
      return;
    }
    resolve.mutate({ id: resolving.report.id, decision: resolving.decision, reason: reason.trim() });
  };
  return (
    <Dialog
      visible={!!resolving}
      onClose={onClose}
      closeOnMaskClick
      title={hide ? t('life.reports.hideTitle') : t('life.reports.dismissTitle')}
      content={
        <div className="hide-dialog">
          {resolving && <p className="hide-excerpt">{resolving.report.excerpt}</p>}
          <p className="hide-warning">{hide ? t('life.hide.warning') : t('life.reports.dismissWarning')}</p>
          {hide && (
            <div className="reason-presets">
              {PRESETS.map((k) => (
                <button type="button" key={k} className="reason-preset" onClick={() => { setReason(t(`life.hide.presets.${k}`)); setError(null); }}>{t(`life.hide.presets.${k}`)}</button>
              ))}
            </div>
          )}
          <TextArea value={reason} onChange={(v) => { setReason(v); setError(null); }} placeholder={hide ? t('life.hide.placeholder') : t('life.reports.dismissPlaceholder')}
            maxLength={limits.reasonMax} showCount autoSize={{ minRows: 2, maxRows: 5 }} data-testid="report-reason" />
          <ActionError message={error} />
          <div className="dialog-buttons">
            <Button block onClick={onClose}>{t('cancel', { ns: 'common' })}</Button>
            <Button block color={hide ? 'danger' : 'primary'} loading={resolve.isPending} onClick={submit} data-testid="report-confirm">
              {hide ? t('life.hide.confirm') : t('life.reports.dismissConfirm')}
            </Button>
          </div>
        </div>
      }
    />
  );
}
