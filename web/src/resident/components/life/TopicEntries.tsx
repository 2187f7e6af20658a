import { useState } from 'react';
import { Button, Popup, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/api';
import type { Me } from '../../../shared/types';
import { type Post, type PostDetail } from '../../lib/life';
import { useAgo } from '../../lib/time';
import { PhotoPicker } from '../PhotoPicker';
import { ImageGrid } from './ImageGrid';
import { AutoTextArea } from './AutoTextArea';
import { useLimits } from '../../../shared/limits';
import { useAddTopicEntry } from '../../lib/life';

/** A topic's photos from neighbours, and 「我也晒一张」 (a photo is required). */
export function TopicEntries({ post, me, leaderIds, timeZone }: { post: PostDetail; me: Me; leaderIds: string[]; timeZone?: string }) {
  const { t } = useTranslation('resident');
  const [composing, setComposing] = useState(false);
  const ago = useAgo(timeZone);
  return (
    <section className="r-card r-entries" id="entries" aria-label={t('post.entriesTitle', { count: post.entries.length })}>
      <div className="r-entries-head">
        <h2 className="r-card-title">{t('post.entriesTitle', { count: post.entries.length })}</h2>
        <Button color="primary" shape="rounded" size="small" onClick={() => setComposing(true)} data-testid="topic-entry-new">{t('feed.joinTopic')}</Button>
      </div>
      {post.entries.length === 0 ? (
        <div className="r-comments-empty r-muted">{t('post.entriesEmpty')}</div>
      ) : (
        <div className="r-entry-grid">
          {post.entries.map((e) => <EntryTile key={e.id} entry={e} leader={leaderIds.includes(e.author.id)} mine={e.author.id === me.user.id} when={ago(e.createdAt)} />)}
        </div>
      )}
      <EntryComposer topic={post} visible={composing} onClose={() => setComposing(false)} />
    </section>
  );
}

export function EntryTile({ entry, leader, mine, when }: { entry: Post; leader: boolean; mine: boolean; when: string }) {
  const { t } = useTranslation('resident');
  return (
    <figure className="r-entry" data-testid="topic-entry">
      <ImageGrid urls={entry.images} max={1} className="r-entry-img" />
      <figcaption>
        <span className="r-entry-who">{entry.author.name}{leader && <span className="r-leader-badge">{t('feed.leaderBadge')}</span>}{mine && <span className="r-muted"> · {t('post.me')}</span>}</span>
        {entry.body && <span className="r-entry-text">{entry.body}</span>}
        <span className="r-entry-when">{when}</span>
      </figcaption>
    </figure>
  );
}

export function EntryComposer({ topic, visible, onClose }: { topic: PostDetail; visible: boolean; onClose: () => void }) {
  const { t } = useTranslation('resident');
  const maxImages = useLimits().posts.images;
  const [photos, setPhotos] = useState<File[]>([]);
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = useAddTopicEntry(topic, {
    onSuccess: () => {
      setPhotos([]); setText(''); setTried(false); setError(null);
      onClose();
      Toast.show({ icon: 'success', content: t('post.entryPosted') });
    },
    onError: (err) => setError(err instanceof ApiError ? err.message : t('post.failed')),
  });
  const submit = () => {
    setTried(true);
    if (photos.length === 0 || !text.trim()) return;
    send.mutate({ text: text.trim(), photos });
  };
  return (
    <Popup visible={visible} onMaskClick={onClose} onClose={onClose} bodyClassName="r-sheet">
      <div className="r-page r-sheet-inner" data-testid="topic-entry-sheet">
        <div className="r-sheet-title">{t('post.entryTitle', { title: topic.title })}</div>
        <PhotoPicker files={photos} onChange={(f) => { setPhotos(f); setError(null); }} max={maxImages} invalid={tried && photos.length === 0} disabled={send.isPending} testId="entry-photos" />
        {tried && photos.length === 0 && <div className="r-field-error" role="alert">{t('post.entryPhotoRequired')}</div>}
        <AutoTextArea className={`r-textarea${tried && !text.trim() ? ' r-input-invalid' : ''}`} placeholder={t('post.entryPlaceholder')} value={text} onChange={setText} maxLength={200} showCount minRows={2} maxRows={4} data-testid="entry-text" />
        {tried && !text.trim() && <div className="r-field-error" role="alert">{t('post.entryTextRequired')}</div>}
        {error && <div className="r-field-error" role="alert">{error}</div>}
        <div className="r-sheet-actions">
          <Button shape="rounded" onClick={onClose}>{t('common:cancel')}</Button>
          <Button color="primary" shape="rounded" loading={send.isPending} onClick={submit} data-testid="entry-submit">{t('post.entrySubmit')}</Button>
        </div>
      </div>
    </Popup>
  );
}
