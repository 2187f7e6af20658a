import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'antd-mobile';
import { extractHandoverCode, isHandoverCode } from './lib';

/**
 * In-page scanning needs a camera API, which browsers give only to secure pages (https, or
 * localhost): on the leader's plain-http LAN address there is none. QR reading itself works in
 * every current browser (the native detector or the ZXing ponyfill, see qr-detector.ts).
 */
export const canScanInPage = () => typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;

/** Why the camera could not be used, as the leader should be told. */
export type ScanTrouble = 'denied' | 'noCamera' | 'busy' | 'failed';

function troubleOf(err: unknown): ScanTrouble {
  const name = (err as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'noCamera';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'failed';
}

/**
 * Camera preview that reads the resident's pickup QR. The reader is loaded when the camera opens
 * (a separate chunk), so the leader's other pages do not carry it.
 */
export function Scanner({ onCode, onTrouble, onClose }: { onCode: (code: string) => void; onTrouble: (t: ScanTrouble) => void; onClose: () => void }) {
  const { t } = useTranslation('leader');
  const videoRef = useRef<HTMLVideoElement>(null);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;
  const onTroubleRef = useRef(onTrouble);
  onTroubleRef.current = onTrouble;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fail = (err: unknown) => { if (!stopped) onTroubleRef.current(troubleOf(err)); };
    const camera = navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    const reader = import('./qr-detector').then((m) => m.qrDetector());
    camera.then(async (s) => {
      if (stopped) { s.getTracks().forEach((tr) => tr.stop()); return; }
      stream = s;
      const video = videoRef.current;
      if (video) {
        video.srcObject = s;
        await video.play().catch(() => undefined);
      }
      const detector = await reader;
      const tick = async () => {
        if (stopped || !videoRef.current) return;
        if (videoRef.current.readyState >= 2) {
          try {
            for (const b of await detector.detect(videoRef.current)) {
              const c = extractHandoverCode(b.rawValue);
              if (isHandoverCode(c)) { stopped = true; onCodeRef.current(c); return; }
            }
          } catch {
            // a frame the reader could not take (the video resizing): try the next one
          }
        }
        timer = setTimeout(tick, 200);
      };
      void tick();
    }).catch(fail);
    reader.catch(() => undefined); // its failure is reported through the chain above
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stream?.getTracks().forEach((tr) => tr.stop());
      void camera.then((s) => s.getTracks().forEach((tr) => tr.stop())).catch(() => undefined);
    };
  }, []);

  return (
    <div className="scanner" data-testid="scanner">
      <div className="scanner-title">{t('pickup.scanTitle')}</div>
      <video ref={videoRef} className="scanner-video" playsInline muted data-testid="scanner-video" />
      <Button block size="large" onClick={onClose}>{t('pickup.scanTypeInstead')}</Button>
    </div>
  );
}
