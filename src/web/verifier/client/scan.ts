import jsQRModule from 'jsqr';

// jsqr is CommonJS whose typings declare an ES default export; bundled, the module is the function itself.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as unknown as typeof jsQRModule.default;

/** The platform's QR reader where it has one (Chrome on Android and macOS); not in TypeScript's DOM types yet. */
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource | ImageBitmap | ImageData): Promise<Array<{ rawValue: string }>>;
}
interface BarcodeDetectorClass {
  new (opts: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

let detector: Promise<BarcodeDetectorLike | null> | null = null;

/** BarcodeDetector when it exists and reads QR codes here; null otherwise (desktop Linux, Firefox, Safari), and jsQR reads. */
function platformDetector(): Promise<BarcodeDetectorLike | null> {
  detector ??= (async () => {
    const Ctor = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
    if (!Ctor) return null;
    try {
      return (await Ctor.getSupportedFormats()).includes('qr_code') ? new Ctor({ formats: ['qr_code'] }) : null;
    } catch {
      return null;
    }
  })();
  return detector;
}

/** Sides tried for a still image: a screenshot of a whole PDF page is read at full size, a 12-megapixel photo smaller. */
const STILL_SIDES = [2000, 1200, 800];

/** Reads the first QR code in an image (a file the person chose or pasted); null when there is none. */
export async function readQrFromImage(image: ImageBitmap): Promise<string | null> {
  const platform = await platformDetector();
  if (platform) {
    try {
      const found = await platform.detect(image);
      if (found[0]?.rawValue) return found[0].rawValue;
    } catch {
      // Fall through to jsQR.
    }
  }
  const longest = Math.max(image.width, image.height);
  const sides = [...new Set(STILL_SIDES.map((s) => Math.min(s, longest)))];
  for (const side of sides) {
    const text = readWithJsQr(image, side / longest, 'attemptBoth');
    if (text !== null) return text;
  }
  return null;
}

/** Reads a QR code from the current video frame; quick, so it can run several times a second. */
export async function readQrFromVideo(video: HTMLVideoElement): Promise<string | null> {
  if (video.readyState < 2 || video.videoWidth === 0) return null;
  const platform = await platformDetector();
  if (platform) {
    try {
      return (await platform.detect(video))[0]?.rawValue ?? null;
    } catch {
      return null;
    }
  }
  const longest = Math.max(video.videoWidth, video.videoHeight);
  return readWithJsQr(video, Math.min(1, 1000 / longest), 'dontInvert');
}

let canvas: HTMLCanvasElement | null = null;

function readWithJsQr(source: ImageBitmap | HTMLVideoElement, scale: number, inversion: 'dontInvert' | 'attemptBoth'): string | null {
  const w0 = source instanceof HTMLVideoElement ? source.videoWidth : source.width;
  const h0 = source instanceof HTMLVideoElement ? source.videoHeight : source.height;
  const w = Math.max(1, Math.round(w0 * scale));
  const h = Math.max(1, Math.round(h0 * scale));
  canvas ??= document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  // A transparent PNG would otherwise read as black on black.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(source, 0, 0, w, h);
  const { data } = ctx.getImageData(0, 0, w, h);
  return jsQR(data, w, h, { inversionAttempts: inversion })?.data ?? null;
}

export interface CameraScan {
  stop(): void;
}

/**
 * Opens the back camera into `video` and reads frames until a QR code is found (then stops the camera and calls
 * `onFound`). Rejects when there is no camera API or permission is refused.
 */
export async function startCameraScan(video: HTMLVideoElement, onFound: (text: string) => void): Promise<CameraScan> {
  if (!navigator.mediaDevices?.getUserMedia) throw new Error('no-camera-api');
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
  video.srcObject = stream;
  video.setAttribute('playsinline', '');
  video.muted = true;
  await video.play().catch(() => undefined);
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  const tick = async () => {
    if (stopped) return;
    const text = await readQrFromVideo(video).catch(() => null);
    if (stopped) return;
    if (text) {
      stop();
      onFound(text);
      return;
    }
    timer = setTimeout(() => void tick(), 200);
  };
  void tick();
  return { stop };
}
