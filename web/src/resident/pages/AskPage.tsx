import { useState } from 'react';
import { Button, Switch, Toast } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, postForm } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import type { Me } from '../../shared/types';
import { isUuid, useCommunity } from '../lib/api';
import { QUESTION_MAX, type PostDetail } from '../lib/life';
import { MobilePage, useTitle } from '../components/Page';
import { PhotoPicker } from '../components/PhotoPicker';
import { LeaderAvatar } from '../components/LeaderBadge';
import { AutoTextArea } from '../components/life/AutoTextArea';
import { NotFound } from './NotFound';
import { feedKeys } from '../../shared/query-keys';
import { useLimits } from '../../shared/limits';

/** /c/:communityId/ask — ask the neighbours (and, with 「@团长」, the leader): words, a few photos if she likes. */
export default function AskPage() {
  const { communityId } = useParams();
  if (!isUuid(communityId)) return <NotFound kind="community" />;
  return <RequireLogin>{(me) => <Ask me={me} communityId={communityId} />}</RequireLogin>;
}

function Ask({ me, communityId }: { me: Me; communityId: string }) {
  const { t } = useTranslation('resident');
  const maxImages = useLimits().posts.images;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const community = useCommunity(communityId);
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [mention, setMention] = useState(false);
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useTitle(t('ask.title'));
  const leader = community.data?.leaders[0];
  const member = me.communities.some((c) => c.id === communityId);

  const send = useMutation({
    mutationFn: () => {
      const payload = { kind: 'question', body: text.trim(), mentionsLeader: mention };
      if (photos.length === 0) return api<PostDetail>(`/api/communities/${communityId}/posts`, { body: payload });
      const form = new FormData();
      form.append('payload', JSON.stringify(payload));
      for (const f of photos) form.append('images', f, f.name);
      return postForm<PostDetail>(`/api/communities/${communityId}/posts`, form);
    },
    onSuccess: (post) => {
      queryClient.setQueryData(feedKeys.post(post.id), post);
      void queryClient.invalidateQueries({ queryKey: feedKeys.community(communityId) });
      Toast.show({ icon: 'success', content: t(mention ? 'ask.postedLeader' : 'ask.posted') });
      navigate(`/c/${communityId}/posts/${post.id}`, { replace: true });
    },
    onError: (err) => setError(err instanceof ApiError ? err.message : t('ask.failed')),
  });

  const submit = () => {
    setTried(true);
    setError(null);
    if (!text.trim()) return;
    send.mutate();
  };
  const empty = tried && !text.trim();

  return (
    <MobilePage title={t('ask.title')} back={`/c/${communityId}?view=feed`} className="r-ask">
      <section className="r-card">
        <label className="r-card-title r-block" htmlFor="ask-text">{t('ask.label')}</label>
        <AutoTextArea
          id="ask-text"
          className={`r-textarea r-ask-text${empty ? ' r-input-invalid' : ''}`}
          placeholder={t('ask.placeholder')}
          value={text}
          onChange={(v) => { setText(v); setError(null); }}
          maxLength={QUESTION_MAX}
          showCount
          minRows={4}
          maxRows={10}
          disabled={!member}
          data-testid="ask-text"
        />
        {empty && <div className="r-field-error" role="alert">{t('ask.empty')}</div>}
      </section>

      <section className="r-card">
        <div className="r-card-title">{t('ask.photos')} <span className="r-claim-optional">{t('ask.optional')}</span></div>
        <PhotoPicker files={photos} onChange={setPhotos} max={maxImages} disabled={send.isPending || !member} testId="ask-photos" />
      </section>

      <section className="r-card r-ask-mention">
        <div className="r-ask-mention-row">
          {leader ? <LeaderAvatar name={leader.name} size={40} /> : <LeaderAvatar name="团" size={40} />}
          <div className="r-ask-mention-text">
            <div className="r-strong">{t('ask.mention')}{leader ? ` · ${leader.name}` : ''}</div>
            <div className="r-small r-muted">{t('ask.mentionHint')}</div>
          </div>
          <Switch checked={mention} onChange={setMention} disabled={!member} aria-label={t('ask.mention')} data-testid="ask-mention" />
        </div>
      </section>

      <div className="r-ask-tips">{t('ask.tips')}</div>
      {!member && <div className="r-field-error r-pad" role="alert">{t('ask.notMember')}</div>}
      {error && <div className="r-field-error r-pad" role="alert" data-testid="ask-error">{error}</div>}

      <div className="r-claim-spacer" />
      <div className="r-bottom-bar">
        <Button block color="primary" shape="rounded" size="large" className="r-claim-submit" loading={send.isPending} disabled={!member} onClick={submit} data-testid="ask-submit">
          {t('ask.submit')}
        </Button>
      </div>
    </MobilePage>
  );
}
