import { Suspense, useState } from 'react';
import { Button, Popup } from 'antd-mobile';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ProvenStandard } from '../../shared/standards';
import { CheckIcon, ChevronRight, FileIcon, QrIcon } from './icons';

const TZ = 'Asia/Shanghai';

/**
 * The standards a product proves now, as badges; tapping one opens a sheet with its proof: each
 * criterion with the report value, the certificate, or the trace. Nothing shows when nothing is proved.
 */
export function StandardBadges(props: { standards: ProvenStandard[] | undefined }) {
  if (!props.standards?.length) return null;
  return <Suspense fallback={null}><Badges standards={props.standards} /></Suspense>;
}

function Badges({ standards }: { standards: ProvenStandard[] }) {
  const { t, i18n } = useTranslation('standards');
  const [open, setOpen] = useState<ProvenStandard | null>(null);
  const en = i18n.language === 'en';
  return (
    <div className="r-std" data-testid="standard-badges">
      <div className="r-std-row" aria-label={t('badges.label')}>
        {standards.map((s) => (
          <button key={s.standardId} type="button" className="r-std-badge" onClick={() => setOpen(s)} data-testid="standard-badge">
            <CheckIcon size={16} />{en ? s.nameEn : s.nameZh}
          </button>
        ))}
      </div>
      <div className="r-small r-muted">{t('badges.tapHint')}</div>
      <Popup visible={!!open} onMaskClick={() => setOpen(null)} onClose={() => setOpen(null)} bodyClassName="r-sheet" destroyOnClose>
        {open && <ProofSheet standard={open} onClose={() => setOpen(null)} />}
      </Popup>
    </div>
  );
}

function ProofSheet({ standard: s, onClose }: { standard: ProvenStandard; onClose: () => void }) {
  const { t, i18n } = useTranslation('standards');
  const en = i18n.language === 'en';
  const date = new Intl.DateTimeFormat(en ? 'en' : 'zh-CN', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
  const fmtDay = (iso: string) => date.format(new Date(iso.length === 10 ? `${iso}T00:00:00+08:00` : iso));
  const desc = en ? s.descriptionEn : s.descriptionZh;
  return (
    <div className="r-sheet-inner" data-testid="standard-sheet">
      <div className="r-sheet-title">{t('badges.sheetTitle', { name: en ? s.nameEn : s.nameZh })}</div>
      {desc && <p className="r-std-desc">{desc}</p>}
      <div className="r-sheet-hint">{t('badges.sheetHint', { code: s.batchCode, date: fmtDay(s.acceptedAt) })}</div>
      <ol className="r-std-criteria">
        {s.criteria.map((c, i) => (
          <li key={i} className="r-std-criterion" data-testid="standard-criterion">
            <div className="r-std-crit-head">
              <span className="r-std-crit-name">{en ? c.nameEn : c.nameZh}</span>
              <span className="r-std-ok"><CheckIcon size={14} />{t('badges.proved')}</span>
            </div>
            <div className="r-small r-muted">{t(`badges.method.${c.method}`)}</div>
            {c.report && (
              <div className="r-std-proof">
                <div className="r-std-value" data-testid="standard-value">
                  {en ? c.report.analyteEn : c.report.analyteZh}：
                  <strong>{c.report.notDetected ? t('badges.notDetected') : t('badges.measured', { value: c.report.value, unit: c.report.unit })}</strong>
                </div>
                <div className="r-small r-muted">{c.report.rule === 'not_detected' ? t('badges.mustNotDetect') : t('badges.limit', { limit: c.report.limit, unit: c.report.limitUnit })}</div>
                <div className="r-small">{t('badges.lab')}：{c.report.lab}</div>
                <div className="r-small">{t('badges.inspectedAt')}：{fmtDay(c.report.inspectedAt)}</div>
                <a className="r-std-link" href={c.report.reportUrl} target="_blank" rel="noopener noreferrer"><FileIcon size={16} />{t('badges.viewReport')}</a>
              </div>
            )}
            {c.certificate && (
              <div className="r-std-proof" data-testid="standard-certificate">
                <div><strong>{en ? c.certificate.typeEn : c.certificate.typeZh}</strong></div>
                <div className="r-small">{t('badges.issuer')}：{c.certificate.issuer}</div>
                <div className="r-small">{t('badges.number')}：<span className="r-mono">{c.certificate.number}</span></div>
                <div className="r-small">{t('badges.validUntil')}：{fmtDay(c.certificate.validUntil)}</div>
                <a className="r-std-link" href={c.certificate.documentUrl} target="_blank" rel="noopener noreferrer"><FileIcon size={16} />{t('badges.viewCertificate')}</a>
              </div>
            )}
            {c.trace && (
              <div className="r-std-proof">
                <ol className="r-std-steps">
                  {c.trace.steps.map((st) => (
                    <li key={st.step}><CheckIcon size={14} />{t(`badges.step.${st.step}`)}{st.at ? ` · ${fmtDay(st.at)}` : ''}{st.place ? ` · ${st.place}` : ''}</li>
                  ))}
                </ol>
              </div>
            )}
          </li>
        ))}
      </ol>
      {s.traceUrl && (
        <Link to={s.traceUrl} className="r-std-trace" onClick={onClose} data-testid="standard-trace-link">
          <QrIcon size={20} /><span>{t('badges.viewTrace')}</span><ChevronRight size={16} />
        </Link>
      )}
      <Button block shape="rounded" size="large" onClick={onClose} className="r-std-close">{t('badges.close')}</Button>
    </div>
  );
}

/** The supplier's own words about standards: shown as a description, clearly not a badge. */
export function SupplierWords({ words }: { words: string[] }) {
  if (!words.length) return null;
  return <Suspense fallback={null}><Words words={words} /></Suspense>;
}

function Words({ words }: { words: string[] }) {
  const { t } = useTranslation('standards');
  return (
    <div className="r-std-words" data-testid="supplier-words">
      <div className="r-small r-muted">{t('badges.supplierWords')}：{words.join('、')}</div>
      <div className="r-small r-muted">{t('badges.supplierWordsHint')}</div>
    </div>
  );
}
