import { useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, ImageUploader, Input, Popup, Switch, TextArea, Toast, type ImageUploadItem } from 'antd-mobile';
import { api, formatTime } from '../shared/api';
import { ActionError, LeaderPage, NotLeader, errorMessage, useLeaderOf } from './components';
import { DateTimeInput, type DateTimeValue } from './DateTimeInput';
import { DEFAULT_TZ, postForm, zonedDate, zonedToInstant } from './lib';
import {
  LEADER_POST_KINDS, TITLE_REQUIRED, invalidateLife, textLength,
  type LeaderPostKind, type Post, type PostDetail, type PostLink,
} from './life';
import { Counter, GroupBuyChip, usePhotoPicking } from './lifeParts';
import { LinkPicker } from './life-dialogs/LinkPicker';
import { PostCard } from './PostCard';
import { feedKeys } from '../shared/query-keys';
import { useLimits } from '../shared/limits';

const DAY = 86_400_000;
const QUICK_CLOSE_DAYS = [1, 3, 7];

/** /leader/:communityId/compose?kind= — 王叔 publishes: notice, arrival, knowledge, tip, recommendation, topic or poll. */
export function ComposePage() {
  const { communityId = '' } = useParams();
  const { community, me } = useLeaderOf(communityId);
  if (!community || !me) return <NotLeader />;
  return <Compose communityId={communityId} timeZone={community.timeZone || DEFAULT_TZ} authorName={me.user.name} authorId={me.user.id} />;
}

/** 20:00 on the day `days` from today in the community's zone: polls close in the evening. */
const eveningIn = (days: number, timeZone: string): DateTimeValue => ({ date: zonedDate(new Date(), days, timeZone), time: '20:00' });

function Compose({ communityId, timeZone, authorName, authorId }: { communityId: string; timeZone: string; authorName: string; authorId: string }) {
  const { t, i18n } = useTranslation('leader');
  const limits = useLimits().posts;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const kindParam = params.get('kind');
  const kind: LeaderPostKind | null = (LEADER_POST_KINDS as readonly string[]).includes(kindParam ?? '') ? (kindParam as LeaderPostKind) : null;
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';

  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [photos, setPhotos] = useState<ImageUploadItem[]>([]);
  const [groupBuy, setGroupBuy] = useState<PostLink[]>(params.get('groupBuy') ? [{ type: 'group_buy', id: params.get('groupBuy')! }] : []);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [options, setOptions] = useState<string[]>(['', '']);
  const [multiple, setMultiple] = useState(false);
  const [closes, setCloses] = useState<DateTimeValue>(() => eveningIn(3, timeZone));
  const [preview, setPreview] = useState(false);
  const [tried, setTried] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const { beforeUpload, upload } = usePhotoPicking();

  const chooseKind = (k: LeaderPostKind | null) => {
    const next = new URLSearchParams(params);
    if (k) next.set('kind', k); else next.delete('kind');
    setParams(next, { replace: true });
    setTried(false);
    setServerError(null);
  };

  const closesAt = zonedToInstant(closes.date, closes.time, timeZone);
  const cleanOptions = options.map((o) => o.trim());
  const titleN = textLength(title);
  const bodyN = textLength(body);

  /** Every rule the server checks, said before sending. */
  const errors = useMemo(() => {
    if (!kind) return {};
    const e: Partial<Record<'title' | 'body' | 'groupBuy' | 'options' | 'closes', string>> = {};
    const needTitle = TITLE_REQUIRED.includes(kind);
    if (needTitle && titleN < 2) e.title = t('life.compose.errors.titleRequired');
    else if (titleN > limits.title) e.title = t('life.compose.errors.titleLong', { max: limits.title });
    if (kind !== 'poll' && bodyN < 1) e.body = t('life.compose.errors.bodyRequired');
    else if (bodyN > limits.body) e.body = t('life.compose.errors.bodyLong', { max: limits.body });
    if (kind === 'recommendation' && groupBuy.length === 0) e.groupBuy = t('life.compose.errors.groupBuyRequired');
    if (kind === 'poll') {
      const filled = cleanOptions.filter(Boolean);
      if (filled.length < 2) e.options = t('life.compose.errors.optionsCount', { min: 2, max: limits.pollOptions });
      else if (cleanOptions.some((o) => !o)) e.options = t('life.compose.errors.optionEmpty');
      else if (cleanOptions.some((o) => o.length > limits.optionLength)) e.options = t('life.compose.errors.optionLong', { max: limits.optionLength });
      else if (new Set(cleanOptions).size !== cleanOptions.length) e.options = t('life.compose.errors.optionsDuplicate');
      const ms = closesAt ? closesAt.getTime() - Date.now() : -1;
      if (!closesAt || ms <= 10 * 60_000) e.closes = t('life.compose.errors.closesSoon');
      else if (ms > 60 * DAY) e.closes = t('life.compose.errors.closesLate');
    }
    return e;
  }, [kind, titleN, bodyN, groupBuy, cleanOptions.join('\u0000'), closesAt?.getTime(), t]); // eslint-disable-line react-hooks/exhaustive-deps
  const valid = Object.keys(errors).length === 0;

  const payload = () => ({
    kind: kind!,
    ...(title.trim() ? { title: title.trim() } : {}),
    body: body.trim(),
    ...(kind === 'recommendation' && groupBuy[0] ? { groupBuyId: groupBuy[0].id } : {}),
    ...(kind === 'poll' ? { poll: { options: cleanOptions, multiple, closesAt: closesAt!.toISOString() } } : {}),
  });

  const publish = useMutation({
    mutationFn: () => {
      const files = photos.map((p) => p.extra as File | undefined).filter((f): f is File => !!f);
      if (files.length === 0) return api<PostDetail>(`/api/communities/${communityId}/posts`, { body: payload() });
      const form = new FormData();
      form.append('payload', JSON.stringify(payload()));
      for (const f of files) form.append('images', f, f.name);
      return postForm<PostDetail>(`/api/communities/${communityId}/posts`, form);
    },
    onSuccess: async (post) => {
      queryClient.setQueryData(feedKeys.post(post.id), post);
      await invalidateLife(queryClient, communityId);
      Toast.show({ icon: 'success', content: t('life.compose.published') });
      navigate(`/leader/${communityId}/posts/${post.id}`, { replace: true });
    },
    onError: (err) => setServerError(errorMessage(err)),
  });

  const submit = () => {
    setTried(true);
    setServerError(null);
    if (!valid) {
      Toast.show({ content: t('life.compose.fixErrors') });
      return;
    }
    publish.mutate();
  };

  const draftPost: Post | null = kind ? {
    id: 'preview', communityId, kind, title: title.trim(), body: body.trim(), images: photos.map((p) => p.url),
    groupBuyId: groupBuy[0]?.id ?? null, parentId: null, mentionsLeader: false, helpfulCommentId: null, pinned: false, hidden: false, hiddenReason: null,
    author: { id: authorId, name: authorName }, commentCount: 0, reactionCount: 0, createdAt: new Date().toISOString(), lastActivityAt: new Date().toISOString(),
    poll: kind === 'poll' ? {
      multiple, closesAt: closesAt?.toISOString() ?? null, closed: false, voters: 0, myChoice: null,
      options: cleanOptions.map((label, i) => ({ id: String(i), label: label || t('life.compose.optionN', { n: i + 1 }), votes: null })),
    } : null,
  } : null;

  const show = (key: keyof typeof errors) => (tried ? errors[key] : undefined);

  return (
    <LeaderPage title={t('life.compose.navTitle')} communityId={communityId} back={`/leader/${communityId}`}>
      <section className={`compose-kinds${kind ? ' compact' : ''}`} aria-label={t('life.compose.pickKind')}>
        <div className="compose-step">{t('life.compose.pickKind')}</div>
        <div className={kind ? 'kind-pills' : 'kind-grid'}>
          {LEADER_POST_KINDS.map((k) => (
            <button type="button" key={k} className={`${kind ? 'kind-pill' : 'kind-card'}${kind === k ? ' on' : ''}`} onClick={() => chooseKind(k)} aria-pressed={kind === k} data-testid={`compose-kind-${k}`}>
              <span className="kind-card-name">{t(`life.kinds.${k}`)}</span>
              {!kind && <span className="kind-card-hint">{t(`life.kindHints.${k}`)}</span>}
            </button>
          ))}
        </div>
        {kind && <div className="kind-explain" data-testid="compose-kind-hint">{t(`life.kindHints.${kind}`)}</div>}
      </section>

      {kind && (
        <section className="compose-form" data-testid="compose-form">
          <label className="field">
            <span className="field-label">
              {TITLE_REQUIRED.includes(kind) ? t('life.compose.title') : t('life.compose.titleOptional')}
              <Counter n={titleN} max={limits.title} min={TITLE_REQUIRED.includes(kind) ? 2 : 0} />
            </span>
            <Input value={title} onChange={setTitle} placeholder={t(`life.placeholders.title.${kind}`)} maxLength={limits.title + 20} clearable data-testid="compose-title" />
            {show('title') && <span className="field-error">{show('title')}</span>}
          </label>

          <label className="field">
            <span className="field-label">
              {kind === 'poll' ? t('life.compose.bodyOptional') : t('life.compose.body')}
              <Counter n={bodyN} max={limits.body} />
            </span>
            <TextArea value={body} onChange={setBody} placeholder={t(`life.placeholders.body.${kind}`)} autoSize={{ minRows: 5, maxRows: 14 }} data-testid="compose-body" />
            {show('body') && <span className="field-error">{show('body')}</span>}
            <span className="field-hint">{t('life.compose.plainHint')}</span>
          </label>

          {kind === 'recommendation' && (
            <div className="field">
              <span className="field-label">{t('life.compose.groupBuy')}</span>
              {groupBuy[0] ? (
                <div className="chosen-link">
                  <GroupBuyChip id={groupBuy[0].id} />
                  <a className="nav-link" onClick={() => setPickerOpen(true)}>{t('new.change')}</a>
                </div>
              ) : (
                <Button block fill="outline" color="primary" onClick={() => setPickerOpen(true)} data-testid="compose-groupbuy-picker">{t('life.compose.pickGroupBuy')}</Button>
              )}
              {show('groupBuy') && <span className="field-error">{show('groupBuy')}</span>}
              <span className="field-hint">{t('life.compose.groupBuyHint')}</span>
              <LinkPicker visible={pickerOpen} communityId={communityId} value={groupBuy} max={1} allowProducts={false}
                onClose={() => setPickerOpen(false)} onChange={setGroupBuy} testId="compose-groupbuy" />
            </div>
          )}

          {kind === 'poll' && (
            <div className="field poll-builder">
              <span className="field-label">{t('life.compose.options', { max: limits.pollOptions })}</span>
              {options.map((o, i) => (
                <div className="poll-option-row" key={i}>
                  <span className="poll-option-index">{i + 1}</span>
                  <Input value={o} onChange={(v) => setOptions(options.map((x, j) => (j === i ? v : x)))} placeholder={t('life.compose.optionN', { n: i + 1 })}
                    maxLength={limits.optionLength + 10} clearable data-testid={`compose-poll-option-${i}`} />
                  <button type="button" className="poll-option-remove" disabled={options.length <= 2} onClick={() => setOptions(options.filter((_, j) => j !== i))}
                    aria-label={t('life.compose.removeOption', { n: i + 1 })} data-testid={`compose-poll-remove-${i}`}>－</button>
                </div>
              ))}
              {options.length < limits.pollOptions && (
                <Button block fill="outline" size="middle" onClick={() => setOptions([...options, ''])} data-testid="compose-poll-add">＋ {t('life.compose.addOption')}</Button>
              )}
              {show('options') && <span className="field-error">{show('options')}</span>}
              <div className="switch-row">
                <span>{multiple ? t('life.compose.multiple') : t('life.compose.single')}</span>
                <Switch checked={multiple} onChange={setMultiple} data-testid="compose-poll-multiple" />
              </div>
              <span className="field-label">{t('life.compose.closesAt')}</span>
              <div className="quick-chips">
                {QUICK_CLOSE_DAYS.map((d) => {
                  const v = eveningIn(d, timeZone);
                  return (
                    <button type="button" key={d} className={`quick-chip${v.date === closes.date && v.time === closes.time ? ' on' : ''}`} onClick={() => setCloses(v)}
                      data-testid={`compose-poll-close-${d}`}>{t('life.compose.inDays', { n: d })}</button>
                  );
                })}
              </div>
              <DateTimeInput value={closes} onChange={setCloses} testId="compose-poll-closes" title={t('life.compose.closesAt')} />
              {closesAt && <span className="field-hint">{t('life.compose.closesHint', { time: formatTime(closesAt, timeZone, locale) })}</span>}
              {show('closes') && <span className="field-error">{show('closes')}</span>}
            </div>
          )}

          <div className="field">
            <span className="field-label">{t('life.compose.photos', { max: limits.images })}</span>
            <ImageUploader value={photos} onChange={setPhotos} accept="image/jpeg,image/png,image/webp" multiple maxCount={limits.images}
              beforeUpload={beforeUpload} upload={upload} data-testid="compose-photos"
              onCountExceed={(n) => Toast.show({ content: t('life.photos.tooMany', { max: limits.images, n }) })} />
          </div>

          <ActionError message={serverError} />
          <div className="two-buttons compose-buttons">
            <Button block size="large" onClick={() => setPreview(true)} data-testid="compose-preview">{t('life.compose.preview')}</Button>
            <Button block size="large" color="primary" loading={publish.isPending} onClick={submit} data-testid="compose-submit">{t('life.compose.publish')}</Button>
          </div>
          <p className="section-hint compose-who">{t('life.compose.whoSees')}</p>
        </section>
      )}

      <Popup visible={preview} onMaskClick={() => setPreview(false)} onClose={() => setPreview(false)} position="bottom" bodyClassName="picker-popup">
        <div className="picker-head">
          <span className="picker-title">{t('life.compose.previewTitle')}</span>
          <a className="nav-link" onClick={() => setPreview(false)}>{t('life.compose.backToEdit')}</a>
        </div>
        <div className="preview-wrap" data-testid="compose-preview-card">
          {draftPost && <PostCard post={draftPost} timeZone={timeZone} full testId="preview-post" />}
          {!valid && <div className="preview-problems">{Object.values(errors).map((e) => <div key={e}>· {e}</div>)}</div>}
        </div>
        <div className="picker-foot">
          <Button block color="primary" size="large" loading={publish.isPending} onClick={() => { setPreview(false); submit(); }} data-testid="compose-preview-submit">{t('life.compose.publish')}</Button>
        </div>
      </Popup>
    </LeaderPage>
  );
}
