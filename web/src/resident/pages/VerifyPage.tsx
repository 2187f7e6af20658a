import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { Button, TextArea } from 'antd-mobile';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { verifyReceipt, type ReceiptCheck } from '../../../../src/platform/ledger/receipt';
import { api, yuan } from '../../shared/api';
import { ledgerKeys } from '../../shared/query-keys';
import { MobilePage, useTitle } from '../components/Page';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useLocaleTag } from '../lib/time';
import '../ledger.css';

interface PublishedKey { algorithm: 'Ed25519'; keyId: string; publicKey: string }

/** The entry's own words, read back from the receipt's canonical text. */
function entryOf(receiptText: string): { source: string; body: Record<string, unknown> } | null {
  try {
    const r = JSON.parse(receiptText) as { entry?: string };
    const e = JSON.parse(r.entry ?? '') as { source: string; body: Record<string, unknown> };
    return e && typeof e === 'object' ? e : null;
  } catch {
    return null;
  }
}

/**
 * /verify — 核对凭证: checks a ledger receipt on the phone itself with the same verifier the server's
 * command uses (src/platform/ledger). Opened with ?source=&id= it first fetches her receipt (and
 * offers to save it); the check itself needs no server. The published key is fetched when online
 * and can be pasted otherwise.
 */
export default function VerifyPage() {
  const { t } = useTranslation('ledger');
  useTitle(t('verify.title'));
  const [params] = useSearchParams();
  const source = params.get('source');
  const id = params.get('id');
  const [text, setText] = useState('');
  const [key, setKey] = useState('');
  const [result, setResult] = useState<{ check: ReceiptCheck; text: string } | { unreadable: true } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const resultBox = useRef<HTMLDivElement>(null);
  // The answer appears below the buttons: bring it into view on a phone.
  useEffect(() => {
    if (result) resultBox.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [result]);
  const locale = useLocaleTag();

  const published = useQuery({ queryKey: ledgerKeys.publicKey, queryFn: () => api<PublishedKey>('/api/ledger/public-key'), retry: false, staleTime: Infinity });
  useEffect(() => {
    if (published.data && !key) setKey(published.data.publicKey);
  }, [published.data, key]);

  const mine = useQuery({
    queryKey: ledgerKeys.receipt(source ?? '', id ?? ''),
    queryFn: () => api<unknown>(`/api/ledger/receipts/${encodeURIComponent(source ?? '')}/${encodeURIComponent(id ?? '')}`),
    enabled: !!source && !!id,
    retry: false,
  });
  useEffect(() => {
    if (mine.data && !text) setText(JSON.stringify(mine.data, null, 2));
  }, [mine.data, text]);

  const check = (receiptText: string) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(receiptText);
    } catch {
      setResult({ unreadable: true });
      return;
    }
    setResult({ check: verifyReceipt(parsed, key.trim().toLowerCase()), text: receiptText });
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    const content = await file.text();
    setText(content);
    check(content);
  };

  const save = () => {
    const blob = new Blob([text], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `receipt-${source}-${id}.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  const hasHistory = ((window.history.state as { idx?: number } | null)?.idx ?? 0) > 0;
  return (
    <MobilePage title={t('verify.title')} back={hasHistory ? '/' : null} right={<LanguageSwitch className="r-lang-nav" />} className="r-verify">
      <section className="r-card">
        <p className="lv-intro">{t('verify.intro')}</p>
        {mine.isFetching && <p className="lv-hint">{t('verify.fetching')}</p>}
        {mine.isError && <p className="lv-error" role="alert">{(mine.error as Error).message}</p>}
        <input ref={fileInput} type="file" accept="application/json,.json" className="lv-file" onChange={onFile} data-testid="receipt-file" />
        <Button block size="large" color="primary" onClick={() => fileInput.current?.click()}>{t('verify.pick')}</Button>
        <p className="lv-hint">{t('verify.pickHint')}</p>
        <label className="lv-label" htmlFor="receipt-text">{t('verify.paste')}</label>
        <TextArea id="receipt-text" value={text} onChange={setText} rows={4} className="lv-text" data-testid="receipt-text" />
        <div className="lv-actions">
          <Button block size="large" color="success" disabled={!text.trim() || !key.trim()} onClick={() => check(text)} data-testid="receipt-check">{t('verify.check')}</Button>
          {mine.data !== undefined && <Button block size="large" onClick={save}>{t('verify.download')}</Button>}
        </div>
      </section>

      <div ref={resultBox}>
      {result && ('unreadable' in result ? (
        <section className="r-card lv-result lv-bad" role="status" data-testid="receipt-result"><h2>{t('verify.bad')}</h2><p>{t('verify.notJson')}</p></section>
      ) : result.check.ok ? (
        <ValidResult check={result.check} text={result.text} locale={locale} />
      ) : (
        <section className="r-card lv-result lv-bad" role="status" data-testid="receipt-result">
          <h2>✗ {t('verify.bad')}</h2>
          <p>{t('verify.badText')}</p>
          <p className="lv-reason">{t(`verify.problems.${result.check.problem}`)}</p>
        </section>
      ))}
      </div>

      <section className="r-card">
        <label className="lv-label" htmlFor="ledger-key">{t('verify.keyLabel')}</label>
        <p className="lv-hint">{published.data ? t('verify.keyId', { id: published.data.keyId }) : t('verify.keyMissing')}</p>
        <TextArea id="ledger-key" value={key} onChange={setKey} rows={2} className="lv-key" />
        <p className="lv-hint">{t('verify.keyHint')}</p>
      </section>
    </MobilePage>
  );
}

function ValidResult({ check, text, locale }: { check: Extract<ReceiptCheck, { ok: true }>; text: string; locale: string }) {
  const { t } = useTranslation('ledger');
  const entry = entryOf(text);
  const receipt = JSON.parse(text) as { leafIndex: number };
  const amount = typeof entry?.body.amountFen === 'number' ? entry.body.amountFen : null;
  // A points transfer moves points, not money: its amount is said in points.
  const points = entry?.source === 'points_transfers' && typeof entry.body.amount === 'number' ? entry.body.amount : null;
  const code = typeof entry?.body.code === 'string' ? entry.body.code : null;
  const signedAt = new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(check.checkpoint.signedAt));
  return (
    <section className="r-card lv-result lv-ok" role="status" data-testid="receipt-result">
      <h2>✓ {t('verify.ok')}</h2>
      <p>{t('verify.okText')}</p>
      <dl className="lv-facts">
        <dt>{t('verify.what')}</dt>
        <dd>{entry ? t(`verify.sources.${entry.source}`, { defaultValue: entry.source }) : ''}{code ? ` · ${t(`verify.codes.${code}`, { defaultValue: code })}` : ''}</dd>
        {amount !== null && (<><dt>{t('verify.amount')}</dt><dd className="lv-amount">{yuan(amount)}</dd></>)}
        {points !== null && (<><dt>{t('verify.points')}</dt><dd className="lv-amount">{t('verify.pointsValue', { n: points })}</dd></>)}
        <dt>{t('verify.position')}</dt>
        <dd>{t('verify.positionValue', { n: receipt.leafIndex + 1, size: check.checkpoint.treeSize })}</dd>
        <dt>{t('verify.signedAt')}</dt>
        <dd>{signedAt}</dd>
      </dl>
    </section>
  );
}
