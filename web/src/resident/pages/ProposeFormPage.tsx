import { useState } from 'react';
import { Button, Form, Input, Radio, Selector, Space, Stepper, TextArea, Toast } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import { proposalKeys } from '../../shared/query-keys';
import { isUuid, useCommunity } from '../lib/api';
import { MobilePage, useTitle } from '../components/Page';
import { useGuaranteeRules } from '../components/claims';
import type { ProposalDetail } from '../../shared/governance/api';
import { NotFound } from './NotFound';
import '../../shared/governance/governance.css';

/** /c/:communityId/proposals/new — 我要提案: bring in a product, change an after-sales rule, spend the community fund. */
export default function ProposeFormPage() {
  const { communityId } = useParams();
  if (!isUuid(communityId)) return <NotFound kind="community" />;
  return <RequireLogin>{() => <ProposeForm communityId={communityId} />}</RequireLogin>;
}

type Kind = 'product' | 'rule' | 'fund';
const ACTIONS = ['refund_now', 'leader_review', 'ask_more', 'platform'] as const;

function ProposeForm({ communityId }: { communityId: string }) {
  const { t } = useTranslation('governance');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const community = useCommunity(communityId);
  const rules = useGuaranteeRules();
  const [kind, setKind] = useState<Kind>('product');
  const [f, setF] = useState({ title: '', reason: '', productName: '', spec: '', note: '', ruleKey: '', action: 'leader_review', promise: '', amount: 100, recipientId: '', purpose: '' });
  const set = (k: keyof typeof f) => (v: string | number) => setF((x) => ({ ...x, [k]: v }));
  useTitle(t('form.title'));
  const leaders = community.data?.leaders ?? [];
  const submit = useMutation({
    mutationFn: () => api<ProposalDetail>(`/api/communities/${communityId}/proposals`, {
      method: 'POST',
      body: {
        kind, title: f.title, reason: f.reason,
        ...(kind === 'product' ? { product: { productName: f.productName, spec: f.spec, note: f.note } } : {}),
        ...(kind === 'rule' ? { rule: { ruleKey: f.ruleKey || null, description: f.promise, action: f.action } } : {}),
        ...(kind === 'fund' ? { fund: { amountPoints: f.amount, recipientId: f.recipientId || leaders[0]?.userId, purpose: f.purpose } } : {}),
      },
    }),
    onSuccess: (res) => {
      void queryClient.invalidateQueries({ queryKey: proposalKeys.community(communityId) });
      Toast.show({ icon: 'success', content: t('form.submitted'), duration: 3000 });
      navigate(`/proposals/${res.id}`, { replace: true });
    },
    onError: (err) => Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('form.failed'), duration: 4000 }),
  });
  return (
    <MobilePage title={t('form.title')} back={`/c/${communityId}/proposals`} className="gov-form">
      <Form layout="vertical">
        <Form.Item label={t('form.kind')}>
          <Selector columns={1} value={[kind]} onChange={(v) => v[0] && setKind(v[0] as Kind)} options={(['product', 'rule', 'fund'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
        </Form.Item>
        <Form.Item label={t('form.titleLabel')}><Input value={f.title} onChange={set('title')} placeholder={t('form.titlePlaceholder')} maxLength={40} /></Form.Item>
        {kind === 'product' && (
          <>
            <Form.Item label={t('form.productName')}><Input value={f.productName} onChange={set('productName')} maxLength={40} /></Form.Item>
            <Form.Item label={t('form.spec')}><Input value={f.spec} onChange={set('spec')} maxLength={40} /></Form.Item>
            <Form.Item label={t('form.note')}><TextArea value={f.note} onChange={set('note')} maxLength={500} autoSize /></Form.Item>
          </>
        )}
        {kind === 'rule' && (
          <>
            <Form.Item label={t('form.rule')}>
              <Radio.Group value={f.ruleKey} onChange={(v) => set('ruleKey')(String(v))}>
                <Space direction="vertical">{(rules.data?.rules ?? []).map((r) => <Radio key={r.key} value={r.key}>{r.name} · {t(`actions.${r.action}`)}</Radio>)}</Space>
              </Radio.Group>
            </Form.Item>
            <Form.Item label={t('form.action')}>
              <Selector columns={2} value={[f.action]} onChange={(v) => v[0] && set('action')(v[0])} options={ACTIONS.map((a) => ({ value: a, label: t(`actions.${a}`) }))} />
            </Form.Item>
            <Form.Item label={t('form.promise')}><TextArea value={f.promise} onChange={set('promise')} maxLength={500} autoSize /></Form.Item>
          </>
        )}
        {kind === 'fund' && (
          <>
            <Form.Item label={t('form.amount')}><Stepper min={1} max={100000} step={10} value={f.amount} onChange={(v) => set('amount')(v)} /></Form.Item>
            <Form.Item label={t('form.recipient')}>
              <Selector columns={1} value={[f.recipientId || leaders[0]?.userId || '']} onChange={(v) => v[0] && set('recipientId')(v[0])} options={leaders.map((l) => ({ value: l.userId, label: l.name }))} />
            </Form.Item>
            <Form.Item label={t('form.purpose')}><Input value={f.purpose} onChange={set('purpose')} maxLength={200} /></Form.Item>
          </>
        )}
        <Form.Item label={t('form.reason')}><TextArea value={f.reason} onChange={set('reason')} placeholder={t('form.reasonPlaceholder')} maxLength={1000} rows={4} /></Form.Item>
      </Form>
      <p className="gov-section gov-muted">{t('form.stake', { points: 100 })}</p>
      <div className="gov-submit"><Button block color="primary" loading={submit.isPending} onClick={() => submit.mutate()}>{t('form.submit')}</Button></div>
    </MobilePage>
  );
}
