import { useCallback, useEffect, useRef, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Popup } from 'antd-mobile';
import { api } from '../shared/api';
import { LeaderPage, NotLeader, errorMessage, useLeaderOf } from './components';
import type { PickupDone, PickupLookup } from './types';
import { extractHandoverCode, isHandoverCode, itemsLine } from './lib';
import { DoneBanner, HandoverCard } from './HandoverCard';
import { Scanner, canScanInPage, type ScanTrouble } from './Scanner';
import { HandoverWhere, type HandoverAt } from './HandoverWhere';
import { groupBuyKeys, handoverKeys } from '../shared/query-keys';

/** /leader/:communityId/pickup — 核销: her one code (or a 代取 pass), every ready line, one tap. */
export function PickupPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <PickupDesk communityId={communityId} />;
}

type Result = { kind: 'found'; code: string; view: PickupLookup } | { kind: 'error'; message: string } | null;

function PickupDesk({ communityId }: { communityId: string }) {
  const { t } = useTranslation('leader');
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [code, setCode] = useState(() => extractHandoverCode(params.get('code') ?? params.get('pass') ?? ''));
  const [letters, setLetters] = useState(() => params.has('pass'));
  const [result, setResult] = useState<Result>(null);
  const [done, setDone] = useState<PickupDone | null>(null);
  const [recent, setRecent] = useState<PickupDone[]>([]);
  const [scanning, setScanning] = useState(false);
  // Why the camera cannot scan here, said beside the code box (which gets the focus).
  const [trouble, setTrouble] = useState<ScanTrouble | 'insecure' | null>(null);
  const [at, setAt] = useState<HandoverAt>({});
  const inputRef = useRef<HTMLInputElement>(null);
  const scanSupported = canScanInPage();

  const lookup = useMutation({
    mutationFn: (c: string) => api<PickupLookup>(`/api/communities/${communityId}/pickups/lookup`, { body: { code: c, ...at } }),
    onSuccess: (view, c) => { setDone(null); setResult({ kind: 'found', code: c, view }); },
    onError: (err) => { setDone(null); setResult({ kind: 'error', message: errorMessage(err) }); },
  });
  const verify = useMutation({
    mutationFn: (v: { code: string; lineIds: string[] }) => api<PickupDone>(`/api/communities/${communityId}/pickups/verify`, { body: { ...v, ...at } }),
    onSuccess: (d) => {
      setDone(d);
      setResult(null);
      setRecent((r) => [d, ...r.filter((x) => x.handoverId !== d.handoverId)].slice(0, 8));
      setCode('');
      if (params.has('code') || params.has('pass')) setParams({}, { replace: true });
      navigator.vibrate?.(120);
      void queryClient.invalidateQueries({ queryKey: handoverKeys.community(communityId) });
      void queryClient.invalidateQueries({ queryKey: groupBuyKeys.all });
      inputRef.current?.focus();
    },
    onError: (err) => setResult({ kind: 'error', message: errorMessage(err) }),
  });

  const runLookup = useCallback((c: string) => {
    if (!isHandoverCode(c)) {
      setDone(null);
      setResult({ kind: 'error', message: /^\d+$/.test(c) ? t('pickup.codeShort') : t('pickup.codeFormat') });
      return;
    }
    lookup.mutate(c);
  }, [lookup, t]);

  // A scanned resident QR opens this page with ?code=… (or ?pass=…): look it up straight away.
  const autoLooked = useRef(false);
  useEffect(() => {
    if (autoLooked.current) return;
    autoLooked.current = true;
    if (isHandoverCode(code)) lookup.mutate(code);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onInput = (raw: string) => {
    const next = extractHandoverCode(raw);
    setCode(next);
    if (/[A-Z]/.test(next)) setLetters(true);
    if (done) setDone(null);
    if (result && (result.kind === 'error' || result.code !== next)) setResult(null);
  };

  const scan = () => {
    if (scanSupported) { setTrouble(null); setScanning(true); return; }
    setTrouble('insecure');
    inputRef.current?.focus();
  };
  const cameraTrouble = (why: ScanTrouble) => {
    setScanning(false);
    setTrouble(why);
    inputRef.current?.focus();
  };

  const found = result?.kind === 'found' ? result : null;

  return (
    <LeaderPage title={t('pickup.navTitle')} communityId={communityId} back={`/leader/${communityId}`}>
      <HandoverWhere communityId={communityId} value={at} onChange={(a) => { setAt(a); setResult(null); }} />
      <section className="pickup-desk">
        <label htmlFor="pickup-code" className="pickup-label">{t('pickup.inputLabel')}</label>
        <form className="pickup-form" onSubmit={(e) => { e.preventDefault(); runLookup(code); }}>
          <input
            id="pickup-code" ref={inputRef} className="pickup-input" data-testid="pickup-code-input"
            type="text" inputMode={letters ? 'text' : 'numeric'} autoCapitalize="characters" autoComplete="off" autoCorrect="off" spellCheck={false}
            placeholder={t('pickup.placeholder')} autoFocus value={code}
            onChange={(e) => onInput(e.target.value)}
            onPaste={(e) => { e.preventDefault(); onInput(e.clipboardData.getData('text')); }}
          />
          <div className="pickup-buttons">
            <Button type="submit" color="primary" size="large" block loading={lookup.isPending} disabled={code.length === 0} data-testid="pickup-lookup">
              {t('pickup.lookup')}
            </Button>
            <Button size="large" fill="outline" color="primary" onClick={scan} data-testid="pickup-scan">{t('pickup.scan')}</Button>
          </div>
          <button type="button" className="pickup-keyboard" onClick={() => { setLetters((v) => !v); inputRef.current?.focus(); }}>
            {letters ? t('pickup.digitsKeyboard') : t('pickup.lettersKeyboard')}
          </button>
        </form>
        {trouble && (
          <div className="pickup-scan-trouble" role="alert" data-testid="scan-trouble" data-trouble={trouble}>
            <strong>{t(`pickup.trouble.${trouble}`)}</strong> {t('pickup.trouble.typeIt')}
          </div>
        )}
      </section>

      {done && <DoneBanner done={done} />}

      {result?.kind === 'error' && (
        <section className="pickup-result error" role="alert" data-testid="pickup-error">
          <div className="pickup-result-icon">✕</div>
          <div className="pickup-result-text">{result.message}</div>
        </section>
      )}

      {found && (
        <HandoverCard key={found.code} view={found.view} busy={verify.isPending}
          onHandOver={(lineIds) => verify.mutate({ code: found.code, lineIds })} />
      )}

      {recent.length > 0 && (
        <section className="card-block">
          <h3 className="block-title">{t('pickup.recent')}</h3>
          {recent.map((r) => (
            <div key={r.handoverId} className="recent-row">
              <span>✓ {r.via === 'pass' ? t('pickup.collectFor', { name: r.collectedFor ?? r.resident.name }) : r.resident.name}</span>
              <span className="muted">{itemsLine(r.lines)}</span>
            </div>
          ))}
        </section>
      )}

      {!result && !done && recent.length === 0 && <div className="section-hint pickup-tip">{t('pickup.tip')}</div>}

      {scanSupported && (
        <Popup visible={scanning} onMaskClick={() => setScanning(false)} bodyStyle={{ borderTopLeftRadius: 12, borderTopRightRadius: 12 }} destroyOnClose>
          <Scanner onCode={(c) => { setScanning(false); setTrouble(null); setCode(c); runLookup(c); }} onTrouble={cameraTrouble}
            onClose={() => { setScanning(false); inputRef.current?.focus(); }} />
        </Popup>
      )}
    </LeaderPage>
  );
}
