import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, PullToRefresh, Tag } from 'antd-mobile';
import { formatTime } from '../shared/api';
import { PageError, PageLoading } from '../shared/states';
import { Icon, LeaderPage, NotLeader, useLeaderOf } from './components';
import { DEFAULT_TZ } from './lib';
import { useOpenQuestions, useReports } from './life';
import { LifeIcon, PhotoGrid, PlainText, useAgo } from './lifeParts';

/**
 * /leader/:communityId/questions — 待答问题: neighbours' questions no leader has answered yet,
 * @-mentions first. Each opens the question with the answer box (and its group-buy links).
 */
export function QuestionsPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <Questions communityId={communityId} timeZone={community.timeZone || DEFAULT_TZ} />;
}

function Questions({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const navigate = useNavigate();
  const ago = useAgo();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const base = `/leader/${communityId}`;
  const questions = useOpenQuestions(communityId);
  const reports = useReports(communityId);
  const open = (id: string) => navigate(`${base}/posts/${id}?from=questions`);

  let body;
  if (questions.isPending) body = <PageLoading />;
  else if (questions.isError) body = <PageError error={questions.error} onRetry={() => questions.refetch()} />;
  else if (questions.data.items.length === 0) {
    body = (
      <div className="all-done" data-testid="questions-empty">
        <div className="all-done-icon"><Icon.done /></div>
        <div className="all-done-title">{t('life.questions.empty')}</div>
        <div className="section-hint">{t('life.questions.emptyHint')}</div>
      </div>
    );
  } else {
    body = (
      <div className="post-list">
        {questions.data.items.map((q) => (
          <article key={q.id} className={`question-card${q.mentionsLeader ? ' mention' : ''}`} data-testid="open-question">
            <div className="post-card-head">
              {q.mentionsLeader && <Tag color="danger" fill="solid">{t('life.post.mentionsYou')}</Tag>}
              <span className="question-asker">{q.author.name}</span>
              <span className="post-card-meta" title={formatTime(q.createdAt, timeZone, locale)}>{ago(q.createdAt)}</span>
            </div>
            <div className="post-card-body clickable" role="link" tabIndex={0} onClick={() => open(q.id)} onKeyDown={(e) => { if (e.key === 'Enter') open(q.id); }}>
              {q.title && <h3 className="post-title">{q.title}</h3>}
              <PlainText text={q.body} clamp />
            </div>
            <PhotoGrid urls={q.images.slice(0, 3)} />
            <div className="question-foot">
              <span className="muted">{q.commentCount > 0 ? t('life.questions.othersAnswered', { n: q.commentCount }) : t('life.questions.noAnswerYet')}</span>
              <Button color="primary" size="small" onClick={() => open(q.id)} data-testid="answer-question">{t('life.questions.answer')}</Button>
            </div>
          </article>
        ))}
      </div>
    );
  }

  return (
    <LeaderPage title={t('life.questions.navTitle')} communityId={communityId} back={base}>
      <PullToRefresh onRefresh={async () => { await Promise.all([questions.refetch(), reports.refetch()]); }}>
        <div className="life-intro"><LifeIcon.question /> <span>{t('life.questions.intro')}</span></div>
        {reports.data && reports.data.items.length > 0 && (
          <div className="leader-notice" role="link" onClick={() => navigate(`${base}/reports`)} data-testid="reports-notice">
            {t('life.questions.reportsNotice', { n: reports.data.items.length })} ›
          </div>
        )}
        {body}
      </PullToRefresh>
    </LeaderPage>
  );
}
