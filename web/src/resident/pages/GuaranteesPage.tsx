import { useEffect } from 'react';
import { Skeleton } from 'antd-mobile';
import { useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState, PageError } from '../../shared/states';
import { useLocaleTag } from '../lib/time';
import { MobilePage, useTitle } from '../components/Page';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ShieldIcon } from '../components/icons';
import { useGuaranteeRules, type GuaranteeRule, type RuleAction } from '../components/claims';

const ACTIONS: RuleAction[] = ['refund_now', 'leader_review', 'ask_more', 'platform'];

/**
 * /guarantees — 售后保障规则: the operator's published promises, in the order they are checked.
 * Public: anyone may read what happens before they buy (no login).
 */
export default function GuaranteesPage() {
  const { t } = useTranslation('resident');
  const rules = useGuaranteeRules();
  const { hash } = useLocation();
  useTitle(t('guarantees.title'));
  // The arrow only goes back inside the app; a visitor from a shared link has nowhere "back" to go.
  const hasHistory = ((window.history.state as { idx?: number } | null)?.idx ?? 0) > 0;

  // /guarantees#bad_fruit (from a claim) scrolls to that rule once the list is there.
  const target = decodeURIComponent(hash.replace(/^#/, ''));
  useEffect(() => {
    if (!target || !rules.data) return;
    document.getElementById(`rule-${target}`)?.scrollIntoView({ block: 'start' });
  }, [target, rules.data]);

  return (
    <MobilePage title={t('guarantees.title')} back={hasHistory ? '/' : null} right={<LanguageSwitch className="r-lang-nav" />} className="r-guarantees">
      <header className="r-gr-hero">
        <span className="r-gr-hero-icon"><ShieldIcon size={28} /></span>
        <div>
          <h1 className="r-gr-title">{t('guarantees.title')}</h1>
          <p className="r-gr-intro">{t('guarantees.intro')}</p>
        </div>
      </header>
      {rules.isError ? (
        <PageError error={rules.error} onRetry={() => rules.refetch()} />
      ) : !rules.data ? (
        <div aria-busy="true">
          {[0, 1, 2].map((i) => <div key={i} className="r-card"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={3} animated /></div>)}
        </div>
      ) : rules.data.rules.length === 0 ? (
        <EmptyState title={t('guarantees.empty')} description={t('guarantees.emptyHint')} />
      ) : (
        <>
          <p className="r-gr-order">{t('guarantees.order')}</p>
          <ol className="r-gr-list" data-testid="guarantee-rules">
            {rules.data.rules.map((r, i) => <RuleCard key={r.key} rule={r} n={i + 1} highlight={r.key === target} />)}
          </ol>
        </>
      )}
      <p className="r-gr-foot">{t('guarantees.foot')}</p>
    </MobilePage>
  );
}

function RuleCard({ rule: r, n, highlight }: { rule: GuaranteeRule; n: number; highlight: boolean }) {
  const { t } = useTranslation('resident');
  const locale = useLocaleTag();
  const action = ACTIONS.includes(r.action) ? r.action : 'platform';
  // A catch-all rule's condition reads just 「是」/"yes" (always true): say so in words.
  const always = /^(是|yes|true)$/i.test(r.reading.trim());
  const since = new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(r.since));
  return (
    <li id={`rule-${r.key}`} className={`r-card r-gr-card${highlight ? ' r-gr-card-on' : ''}`} data-testid="guarantee-rule" data-key={r.key}>
      <div className="r-gr-head">
        <span className="r-gr-n" aria-hidden="true">{n}</span>
        <h2 className="r-gr-name">{r.name}</h2>
        <span className="r-gr-version">{t('guarantees.version', { n: r.version })}</span>
      </div>
      <p className="r-gr-desc">{r.description}</p>
      <dl className="r-gr-facts">
        <div className="r-gr-fact">
          <dt>{t('guarantees.when')}</dt>
          <dd>{always ? t('guarantees.always') : r.reading}</dd>
        </div>
        <div className="r-gr-fact">
          <dt>{t('guarantees.result')}</dt>
          <dd><span className={`r-gr-action r-gr-action-${action}`} data-testid="rule-action">{t(`guarantees.actions.${action}`)}</span></dd>
        </div>
      </dl>
      <div className="r-gr-since">{t('guarantees.since', { date: since })}</div>
    </li>
  );
}
