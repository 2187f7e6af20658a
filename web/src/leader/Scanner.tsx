import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'antd-mobile';
import { extractHandoverCode, isHandoverCode } from './lib';

/** Page-level scanning needs the browser's own BarcodeDetector (Chrome on Android) and a camera. */
export const canScanInPage = () => typeof window !== 'undefined' && 'BarcodeDetector' in window && !!navigator.mediaDevices?.getUserMedia;

interface DetectedBarcode { rawValue: string }
interface BarcodeDetectorLike { detect(source: CanvasImageSource): Promise<DetectedBarcode[]> }
type BarcodeDetectorCtor = new (opts?: { formats?: string[] }) => BarcodeDetectorLike;

/** Camera preview that reads the resident's pickup QR with the browser's own BarcodeDetector. */
export function Scanner({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
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
          const c = extractHandoverCode(b.rawValue);
          if (isHandoverCode(c)) { onCodeRef.current(c); return; }
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
