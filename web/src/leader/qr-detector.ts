/**
 * A QR reader for the hand-over desk: the browser's own BarcodeDetector where it reads QR codes
 * (Chrome on Android, Safari 17+ on iOS … ), else the `barcode-detector` ponyfill over ZXing
 * WebAssembly. The ponyfill and its .wasm (about 1 MB) are fetched only when this runs, from our
 * own origin: the CSP allows no CDN, and pages that never scan never pay for them.
 */
export interface DetectedCode { rawValue: string }
export interface QrDetector { detect(source: HTMLVideoElement | HTMLCanvasElement | ImageBitmap): Promise<DetectedCode[]> }
type NativeCtor = { new (opts?: { formats?: string[] }): QrDetector; getSupportedFormats?(): Promise<string[]> };

async function nativeDetector(): Promise<QrDetector | null> {
  const Native = (window as unknown as { BarcodeDetector?: NativeCtor }).BarcodeDetector;
  if (!Native) return null;
  // Some desktop builds expose the API but read no format at all.
  const formats = await Native.getSupportedFormats?.().catch(() => [] as string[]);
  return formats?.includes('qr_code') ? new Native({ formats: ['qr_code'] }) : null;
}

let ponyfill: Promise<QrDetector> | null = null;

async function loadPonyfill(): Promise<QrDetector> {
  const [{ BarcodeDetector, prepareZXingModule }, { default: wasmUrl }] = await Promise.all([
    import('barcode-detector/ponyfill'),
    // Vite copies the .wasm into /assets/ under a hashed name: served by us, cached for a year.
    import('zxing-wasm/reader/zxing_reader.wasm?url'),
  ]);
  await prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
    fireImmediately: true,
  });
  return new BarcodeDetector({ formats: ['qr_code'] });
}

/** The detector to use in this browser (the ponyfill is loaded once per page). */
export async function qrDetector(): Promise<QrDetector> {
  const native = await nativeDetector();
  if (native) return native;
  ponyfill ??= loadPonyfill().catch((err) => { ponyfill = null; throw err; });
  return ponyfill;
}
