import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Button, ImageViewer, TextArea } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { ApiError, formatTime, yuan } from '../api';
import { useLimits } from '../limits';
import type { DirectMessage, MessageOrderContext } from './chat';
import './messages.css';

/** The order a message is about: group buy, items with 跟团号, where it stands. */
export function OrderContextCard({ order, onRemove, testId = 'message-order' }: { order: MessageOrderContext; onRemove?: () => void; testId?: string }) {
  const { t } = useTranslation('messages');
  const numbers = [...new Set(order.lines.map((l) => l.groupNumber).filter((n): n is number => n !== null))];
  const titles = [...new Set(order.lines.map((l) => l.groupBuyTitle))];
  return (
    <div className="msg-order" data-testid={testId}>
      {onRemove && <div className="msg-order-attached">{t('attached')}</div>}
      <div className="msg-order-head">
        <span className="msg-order-title">{titles.join('、')}</span>
        <span className={`msg-order-status msg-status-${order.progress}`}>{t(`progress.${order.progress}`, { defaultValue: order.progress })}</span>
      </div>
      <ul className="msg-order-lines">
        {order.lines.map((l, i) => (
          <li key={`${l.groupBuyId}-${i}`}>{l.productName}{l.spec ? ` · ${l.spec}` : ''} × {l.quantity}</li>
        ))}
      </ul>
      <div className="msg-order-foot">
        {numbers.length > 0 && <span className="msg-order-number">{numbers.map((n) => t('groupNumber', { n })).join(' · ')}</span>}
        <span>{t('orderTotal', { amount: yuan(order.totalFen) })}</span>
        {onRemove && <button type="button" className="msg-order-remove" onClick={onRemove} data-testid="message-order-remove">{t('attachedRemove')}</button>}
      </div>
    </div>
  );
}

/** One bubble: mine on the right, theirs on the left; a hidden one says so, and why. */
function Bubble({ m, order, timeZone, onPhoto }: { m: DirectMessage; order?: MessageOrderContext; timeZone: string; onPhoto: (urls: string[], i: number) => void }) {
  const { t, i18n } = useTranslation('messages');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <div className={`msg-row${m.mine ? ' mine' : ''}`} data-testid="message">
      <div className="msg-meta">
        {m.mine ? t('you') : m.authorName}
        {!m.mine && m.authorRole === 'leader' && <span className="msg-leader-tag">{t('leaderTag')}</span>}
        <span className="msg-time">{formatTime(m.createdAt, timeZone, locale)}</span>
      </div>
      {m.hidden ? (
        <div className="msg-bubble msg-hidden" data-testid="message-hidden">{t('hidden', { reason: m.hiddenReason ?? '' })}</div>
      ) : (
        <>
          {m.body && <div className="msg-bubble" data-testid="message-body">{m.body}</div>}
          {m.photos.length > 0 && (
            <div className="msg-photos">
              {m.photos.map((url, i) => (
                <button type="button" key={url} className="msg-photo" onClick={() => onPhoto(m.photos, i)} aria-label={t('photoAlt', { n: i + 1 })}>
                  <img src={url} alt={t('photoAlt', { n: i + 1 })} loading="lazy" data-testid="message-photo" />
                </button>
              ))}
            </div>
          )}
          {order && <OrderContextCard order={order} />}
        </>
      )}
    </div>
  );
}

/** The thread, oldest first, with 「查看更早的消息」 on top and the newest kept in view. */
export function ChatThread({ messages, orders, timeZone, hasOlder, loadingOlder, onOlder, empty }: {
  messages: DirectMessage[]; orders: Map<string, MessageOrderContext>; timeZone: string;
  hasOlder: boolean; loadingOlder: boolean; onOlder: () => void; empty: string;
}) {
  const { t } = useTranslation('messages');
  const [viewer, setViewer] = useState<{ urls: string[]; i: number } | null>(null);
  const end = useRef<HTMLDivElement>(null);
  const newest = messages.at(-1)?.id;
  useEffect(() => { end.current?.scrollIntoView?.({ block: 'end' }); }, [newest]);
  return (
    <div className="msg-thread" data-testid="message-thread">
      {hasOlder && (
        <button type="button" className="msg-older" onClick={onOlder} disabled={loadingOlder} data-testid="message-older">
          {loadingOlder ? t('loadingOlder') : t('older')}
        </button>
      )}
      {messages.length === 0 && <div className="msg-empty" data-testid="message-empty">{empty}</div>}
      {messages.map((m) => (
        <Bubble key={m.id} m={m} order={m.orderId ? orders.get(m.orderId) : undefined} timeZone={timeZone} onPhoto={(urls, i) => setViewer({ urls, i })} />
      ))}
      <div ref={end} />
      <ImageViewer.Multi images={viewer?.urls ?? []} defaultIndex={viewer?.i ?? 0} visible={viewer !== null} onClose={() => setViewer(null)} />
    </div>
  );
}

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/**
 * The bar at the bottom: text, a few photos, 「发送」. Checks what the server would refuse first
 * (empty, too long, too many or too large photos); the server's own refusals (rate limit, blocked
 * words) show in the same place, in the reader's language.
 */
export function Composer({ placeholder, onSend, sending, disabled, attachment }: {
  placeholder: string; sending: boolean; disabled?: boolean; attachment?: React.ReactNode;
  onSend: (body: string, photos: File[]) => Promise<unknown>;
}) {
  const { t } = useTranslation('messages');
  const limits = useLimits();
  const max = limits.messages.body;
  const maxPhotos = limits.messages.photos;
  const id = useId();
  const [text, setText] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);
  const previews = useMemo(() => photos.map((f) => URL.createObjectURL(f)), [photos]);
  useEffect(() => () => previews.forEach((u) => URL.revokeObjectURL(u)), [previews]);
  const length = text.trim().length;

  const add = (list: FileList | null) => {
    if (!list) return;
    const next = [...photos];
    for (const f of Array.from(list)) {
      if (f.type && !PHOTO_TYPES.includes(f.type)) { setError(t('photoNotImage', { name: f.name })); continue; }
      if (f.size > limits.files.imageBytes) { setError(t('photoTooLarge', { name: f.name, max: limits.files.imageBytes / 1024 / 1024 })); continue; }
      if (next.length >= maxPhotos) { setError(t('tooManyPhotos', { max: maxPhotos })); break; }
      next.push(f);
    }
    setPhotos(next);
  };

  const submit = async () => {
    setError(null);
    if (length === 0 && photos.length === 0) { setError(t('emptyText')); return; }
    if (length > max) { setError(t('tooLong', { max, count: length })); return; }
    try {
      await onSend(text.trim(), photos);
      setText('');
      setPhotos([]);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('failed'));
    }
  };

  return (
    <div className="msg-composer" data-testid="message-composer">
      {attachment}
      {photos.length > 0 && (
        <div className="msg-composer-photos">
          {photos.map((f, i) => (
            <div key={`${f.name}-${i}`} className="msg-composer-photo">
              <img src={previews[i]} alt="" />
              <button type="button" onClick={() => setPhotos(photos.filter((_, j) => j !== i))} aria-label={t('removePhoto', { n: i + 1 })}>×</button>
            </div>
          ))}
        </div>
      )}
      {error && <div className="msg-error" role="alert" data-testid="message-error">{error}</div>}
      <div className="msg-composer-row">
        <label htmlFor={`${id}-photo`} className={`msg-photo-button${disabled ? ' disabled' : ''}`} aria-label={t('addPhoto')} title={t('addPhoto')}>
          <svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true"><path fill="currentColor" d="M9 3 7.2 5H4a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2h-3.2L15 3H9Zm3 5a5 5 0 1 1 0 10 5 5 0 0 1 0-10Zm0 2a3 3 0 1 0 0 6 3 3 0 0 0 0-6Z" /></svg>
        </label>
        <input id={`${id}-photo`} type="file" accept="image/*" multiple hidden disabled={disabled} onChange={(e) => { add(e.target.files); e.target.value = ''; }} data-testid="message-photo-input" />
        <TextArea
          className={`msg-input${length > max ? ' invalid' : ''}`} placeholder={placeholder} value={text} disabled={disabled}
          onChange={(v) => { setText(v); if (error) setError(null); }} autoSize={{ minRows: 1, maxRows: 5 }} rows={1} data-testid="message-input"
        />
        <Button color="primary" className="msg-send" loading={sending} disabled={disabled} onClick={() => void submit()} data-testid="message-send">{t('send')}</Button>
      </div>
      {length > max * 0.8 && <div className={`msg-count${length > max ? ' over' : ''}`}>{length}/{max}</div>}
    </div>
  );
}
