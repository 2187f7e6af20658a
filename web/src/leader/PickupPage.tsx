import { useCallback, useEffect, useRef, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Popup } from 'antd-mobile';
import { api, formatTime } from '../shared/api';
import type { OrderStatus } from '../shared/types';
import { LeaderPage, NotLeader, OrderStatusTag, errorMessage, useLeaderOf } from './components';
import type { PickupView } from './types';
import { extractPickupCode } from './lib';

const PICKABLE: OrderStatus[] = ['confirmed', 'ready_for_pickup'];

export function PickupPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <PickupDesk communityId={communityId} timeZone={community.timeZone} />;
}

type Result =
  | { kind: 'found'; view: PickupView }
  | { kind: 'done'; view: PickupView }
  | { kind: 'error'; message: string };

function PickupDesk({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const queryClient = useQueryClient();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const [params, setParams] = useSearchParams();
  const [code, setCode] = useState(() => extractPickupCode(params.get('code') ?? ''));
  const [result, setResult] = useState<Result | null>(null);
  const [recent, setRecent] = useState<PickupView[]>([]);
  const [scanning, setScanning] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const scanSupported = typeof window !== 'undefined' && 'BarcodeDetector' in window && !!navigator.mediaDevices?.getUserMedia;

  const lookup = useMutation({
    mutationFn: (c: string) => api<PickupView>(`/api/communities/${communityId}/pickups/lookup`, { body: { code: c } }),
    onSuccess: (view) => setResult({ kind: 'found', view }),
    onError: (err) => setResult({ kind: 'error', message: errorMessage(err) }),
  });
  const verify = useMutation({
    mutationFn: (c: string) => api<PickupView>(`/api/communities/${communityId}/pickups/verify`, { body: { code: c } }),
    onSuccess: (view) => {
      setResult({ kind: 'done', view });
      setRecent((r) => [view, ...r.filter((x) => x.id !== view.id)].slice(0, 5));
      setCode('');
      if (params.has('code')) setParams({}, { replace: true });
      void queryClient.invalidateQueries({ queryKey: ['leader', 'pending', communityId] });
      void queryClient.invalidateQueries({ queryKey: ['leader', 'group-buy-orders', view.groupBuyId] });
      inputRef.current?.focus();
    },
    onError: (err) => setResult({ kind: 'error', message: errorMessage(err) }),
  });

  const runLookup = useCallback((c: string) => {
    if (!/^\d{8}$/.test(c)) {
      setResult({ kind: 'error', message: t('pickup.codeShort') });
      return;
    }
    lookup.mutate(c);
  }, [lookup, t]);

  // A scanned resident QR opens this page with ?code=…: look it up straight away.
  const autoLooked = useRef(false);
  useEffect(() => {
    if (autoLooked.current) return;
    autoLooked.current = true;
    if (/^\d{8}$/.test(code)) lookup.mutate(code);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onInput = (raw: string) => {
    const next = extractPickupCode(raw);
    setCode(next);
    if (result && (result.kind !== 'found' || result.view.pickupCode !== next)) setResult(null);
  };

  const found = result?.kind === 'found' ? result.view : null;
  const canHandOver = !!found && PICKABLE.includes(found.status);

  return (
    <LeaderPage title={t('pickup.navTitle')} communityId={communityId} back={`/leader/${communityId}`}>
      <section className="pickup-desk">
        <label htmlFor="pickup-code" className="pickup-label">{t('pickup.inputLabel')}</label>
        <form className="pickup-form" onSubmit={(e) => { e.preventDefault(); runLookup(code); }}>
          <input
            id="pickup-code"
            ref={inputRef}
            className="pickup-input"
            data-testid="pickup-code-input"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            pattern="[0-9]*"
            placeholder={t('pickup.placeholder')}
            autoFocus
            value={code}
            onChange={(e) => onInput(e.target.value)}
            onPaste={(e) => { e.preventDefault(); onInput(e.clipboardData.getData('text')); }}
          />
          <div className="pickup-buttons">
            <Button type="submit" color="primary" size="large" block loading={lookup.isPending} disabled={code.length === 0} data-testid="pickup-lookup">
              {t('pickup.lookup')}
            </Button>
            {scanSupported && (
              <Button size="large" fill="outline" color="primary" onClick={() => setScanning(true)} data-testid="pickup-scan">
                {t('pickup.scan')}
              </Button>
            )}
          </div>
        </form>
      </section>

      {result?.kind === 'error' && (
        <section className="pickup-result error" role="alert" data-testid="pickup-error">
          <div className="pickup-result-icon">✕</div>
          <div className="pickup-result-text">{result.message}</div>
        </section>
      )}

      {result?.kind === 'done' && (
        <section className="pickup-result success" role="status" data-testid="pickup-success">
          <div className="pickup-result-big">{t('pickup.done')}</div>
          <div className="pickup-result-text">
            {t('pickup.doneDetail', { name: result.view.residentName, product: result.view.title, qty: result.view.quantity, unit: result.view.unit })}
          </div>
          <div className="section-hint">{t('pickup.next')}</div>
        </section>
      )}

      {found && (
        <section className={`pickup-card${canHandOver ? '' : ' blocked'}`} data-testid="pickup-found">
          <div className="pickup-who">
            <span className="pickup-name">{found.residentName}</span>
            <span className="pickup-phone">{found.phoneMasked}</span>
          </div>
          <div className="pickup-what">
            <div className="pickup-product">{found.title}</div>
            <div className="pickup-spec">{found.spec}</div>
            <div className="pickup-qty">× {found.quantity} {found.unit}</div>
          </div>
          <div className="pickup-status"><OrderStatusTag status={found.status} /></div>
          {canHandOver ? (
            <Button block color="success" size="large" className="pickup-confirm" loading={verify.isPending}
              onClick={() => verify.mutate(code || found.pickupCode || '')} data-testid="pickup-confirm">
              {t('pickup.confirm', { qty: found.quantity, unit: found.unit })}
            </Button>
          ) : (
            <div className="pickup-blocked" role="alert">
              {found.status === 'picked_up' && found.pickedUpAt
                ? t('pickup.alreadyAt', { time: formatTime(found.pickedUpAt, timeZone, locale) })
                : t('pickup.notReady', { status: t(`status.${found.status}`, { ns: 'common' }) })}
            </div>
          )}
        </section>
      )}

      {recent.length > 0 && (
        <section className="card-block">
          <h3 className="block-title">{t('pickup.recent')}</h3>
          {recent.map((r) => (
            <div key={r.id} className="recent-row">
              <span>✓ {r.residentName}</span>
              <span className="muted">{r.title} × {r.quantity}</span>
            </div>
          ))}
        </section>
      )}

      {!result && recent.length === 0 && <div className="section-hint pickup-tip">{t('pickup.tip')}</div>}

      {scanSupported && (
        <Popup visible={scanning} onMaskClick={() => setScanning(false)} bodyStyle={{ borderTopLeftRadius: 12, borderTopRightRadius: 12 }} destroyOnClose>
          <Scanner
            onCode={(c) => { setScanning(false); setCode(c); runLookup(c); }}
            onClose={() => setScanning(false)}
          />
        </Popup>
      )}
    </LeaderPage>
  );
}

interface DetectedBarcode { rawValue: string }
interface BarcodeDetectorLike { detect(source: CanvasImageSource): Promise<DetectedBarcode[]> }
type BarcodeDetectorCtor = new (opts?: { formats?: string[] }) => BarcodeDetectorLike;

/** Camera preview that reads the resident's pickup QR with the browser's own BarcodeDetector. */
function Scanner({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const { t } = useTranslation('leader');
  const videoRef = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const Detector = (window as unknown as { BarcodeDetector: BarcodeDetectorCtor }).BarcodeDetector;
    const detector = new Detector({ formats: ['qr_code'] });
    const tick = async () => {
      if (stopped || !videoRef.current) return;
      try {
        const found = await detector.detect(videoRef.current);
        for (const b of found) {
          const c = extractPickupCode(b.rawValue);
          if (/^\d{8}$/.test(c)) { onCodeRef.current(c); return; }
        }
      } catch {
        // the video may not be ready yet
      }
      timer = setTimeout(tick, 250);
    };
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then(async (s) => {
        if (stopped) { s.getTracks().forEach((tr) => tr.stop()); return; }
        stream = s;
        if (videoRef.current) {
          videoRef.current.srcObject = s;
          await videoRef.current.play().catch(() => undefined);
        }
        void tick();
      })
      .catch(() => setError(t('pickup.cameraError')));
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, [t]);

  return (
    <div className="scanner">
      <div className="scanner-title">{t('pickup.scanTitle')}</div>
      {error ? <div className="action-error">{error}</div> : <video ref={videoRef} className="scanner-video" playsInline muted />}
      <Button block size="large" onClick={onClose}>{t('cancel', { ns: 'common' })}</Button>
    </div>
  );
}
