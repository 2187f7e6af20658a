import { useTranslation } from 'react-i18next';
import { Alert, Button, Modal, Skeleton } from 'antd';
import { factsMentioned, type Honour, type HonourFact } from '../training';
import { useLeaderFacts, type FactsOf } from './useHonours';

export type TFn = (key: string, opts?: Record<string, unknown>) => string;

/** A fact's value as people read it: tiers by name, yes/no for booleans. */
export function factValue(name: string, v: number | string | boolean | undefined, t: TFn): string {
  if (v === undefined || v === null) return '—';
  if (name === 'tier' && typeof v === 'string') return t(`honours.tiers.${v}`, { defaultValue: v });
  if (typeof v === 'boolean') return v ? t('honours.yes') : t('honours.no');
  return String(v);
}

/** A leader's facts as honour rules read them; with a rule, whether he meets it now and which part does not hold. */
export function LeaderFactsModal({ leader, honour, facts, onClose }: { leader: FactsOf; honour: Honour; facts: HonourFact[]; onClose: () => void }) {
  const { t } = useTranslation('console');
  const { i18n } = useTranslation();
  // The server reads the rule against his facts: the same parser that grants the honour.
  const data = useLeaderFacts(leader, honour, i18n.language);
  const values = data.data?.facts;
  const names = facts.map((f) => f.name);
  const check = data.data?.check ?? null;
  const used = check ? new Set(check.used) : factsMentioned(honour.rule, names);

  return (
    <Modal open={!!leader} onCancel={onClose} footer={<Button onClick={onClose}>{t('close')}</Button>} width={600} destroyOnHidden data-testid="leader-facts-modal"
      title={leader ? t('honours.factsModal.title', { name: leader.name || t('honours.grant.unknownLeader') }) : ''}>
      {data.isPending && <Skeleton active paragraph={{ rows: 6 }} />}
      {data.isError && <Alert type="error" showIcon title={data.error.message} action={<Button onClick={() => data.refetch()}>{t('retry', { ns: 'common' })}</Button>} />}
      {values && (
        <>
          {honour.rule && check && (
            <Alert
              type={check.holds ? 'success' : 'warning'} showIcon style={{ marginBottom: 14 }} data-testid="leader-facts-verdict"
              title={t(check.holds ? 'honours.factsModal.meets' : 'honours.factsModal.misses', { name: honour.name })}
              description={(
                <div>
                  {honour.ruleText && <div className="rule-reading">{honour.ruleText}</div>}
                  <div className="cell-sub" style={{ marginBottom: 4 }}>
                    {check.joiner === 'or' ? t('honours.factsModal.anyPart') : check.joiner === 'and' ? t('honours.factsModal.everyPart') : t('honours.factsModal.rule')}
                  </div>
                  <ul className="rule-parts">
                    {check.parts.map((p, i) => (
                      <li key={i} className={p.holds ? 'holds' : 'fails'}>
                        <span className="rule-part-mark" aria-label={p.holds ? t('honours.yes') : t('honours.no')}>{p.holds ? '✓' : '✗'}</span>
                        <span>{p.text}</span>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            />
          )}
          {honour.rule && !check && <Alert type="info" showIcon style={{ marginBottom: 14 }} title={honour.ruleText ?? honour.rule} />}
          <table className="inputs-table facts-table" data-testid="leader-facts">
            <tbody>
              {facts.map((f) => (
                <tr key={f.name} className={used.has(f.name) ? 'fact-used' : ''}>
                  <th>
                    <div>{f.label}</div>
                    <div className="fact-name">{f.name}</div>
                  </th>
                  <td>
                    <div className="input-line"><span className="input-value">{factValue(f.name, values[f.name], t)}</span></div>
                    <div className="cell-sub">{f.description}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="cell-sub" style={{ marginTop: 10 }}>{t(honour.rule ? 'honours.factsModal.noteRule' : 'honours.factsModal.noteManual')}</div>
        </>
      )}
    </Modal>
  );
}
