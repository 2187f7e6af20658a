import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Empty, Form, Input, Modal, Select } from 'antd';
import { ApiError } from '../../shared/api';
import { type Honour, type HonourGrant } from '../training';
import { useLimits } from '../../shared/limits';
import { type FactsOf, useGrantHonour, useLeaders, useRevokeGrant } from './useHonours';

export interface GrantValues { leaderId?: string; communityId?: string | null; reason: string }

export function GrantForm({ honour, onViewFacts }: { honour: Honour; onViewFacts: (l: FactsOf) => void }) {
  const { t } = useTranslation('console');
  const honourLimits = useLimits().honours;
  const { message } = App.useApp();
  const [form] = Form.useForm<GrantValues>();
  const [error, setError] = useState<string | null>(null);
  const { leaders, loading, error: leadersError } = useLeaders();
  const leaderId = Form.useWatch('leaderId', form);
  const leader = leaders.find((l) => l.id === leaderId) ?? null;

  const grant = useGrantHonour(honour, {
    onSuccess: (g) => {
      message.success(t('honours.grant.granted', { name: honour.name, leader: g.leaderName }));
      form.resetFields();
    },
    onError: (err) => {
      const code = err instanceof ApiError ? err.code : '';
      if (code === 'honour.reason_required') form.setFields([{ name: 'reason', errors: [err.message] }]);
      else if (code === 'honour.already_granted') form.setFields([{ name: 'leaderId', errors: [err.message] }]);
      else if (code === 'honour.not_a_leader') form.setFields([{ name: form.getFieldValue('communityId') ? 'communityId' : 'leaderId', errors: [err.message] }]);
      else setError(err.message);
    },
  });

  return (
    <div className="grant-form" data-testid="grant-form">
      <div className="grant-form-title">{t('honours.grant.formTitle')}</div>
      {leadersError && <Alert type="error" showIcon title={leadersError.message} style={{ marginBottom: 12 }} />}
      <Form<GrantValues>
        form={form} layout="vertical" requiredMark={false} disabled={!honour.active}
        onFinish={(v) => { setError(null); grant.mutate({ leaderId: v.leaderId, communityId: v.communityId ?? null, reason: v.reason.trim() }); }} onValuesChange={(changed: Partial<GrantValues>) => {
          setError(null);
          if ('leaderId' in changed) form.setFieldValue('communityId', null);
        }}
      >
        <div className="grant-form-row">
          <Form.Item name="leaderId" className="grant-leader"
            label={(
              <span className="grant-leader-label">
                {t('honours.grant.leader')}
                <Button type="link" size="small" className="link-tight" disabled={!leader} onClick={(e) => { e.preventDefault(); if (leader) onViewFacts({ id: leader.id, name: leader.name }); }} data-testid="grant-form-facts">
                  {t('honours.grant.viewFacts')}
                </Button>
              </span>
            )}
            rules={[{ required: true, message: t('honours.grant.leaderRequired') }]}>
            <Select<string>
              showSearch={{ optionFilterProp: 'label' }} loading={loading} placeholder={t('honours.grant.leaderPlaceholder')} data-testid="grant-leader"
              options={leaders.map((l) => ({ value: l.id, label: `${l.name} · ${l.communities.map((c) => c.name).join('、')}` }))}
              notFoundContent={loading ? undefined : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('honours.grant.noLeaders')} />}
            />
          </Form.Item>
          <Form.Item name="communityId" label={t('honours.grant.communityOptional')} className="grant-community"
            extra={t('honours.grant.communityHint')}>
            <Select<string>
              allowClear disabled={!leader || !honour.active} placeholder={t('honours.grant.allCommunities')} data-testid="grant-community"
              options={(leader?.communities ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
        </div>
        <Form.Item name="reason" label={t('honours.grant.reason')} extra={t('honours.grant.reasonHint')}
          rules={[{
            validator: (_, v: string | undefined) => {
              const n = (v ?? '').trim().length;
              return n >= honourLimits.minReason && n <= honourLimits.reason ? Promise.resolve()
                : Promise.reject(new Error(t('honours.grant.reasonInvalid', { min: honourLimits.minReason, max: honourLimits.reason })));
            },
          }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={honourLimits.reason} showCount placeholder={t('honours.grant.reasonPlaceholder')} data-testid="grant-reason" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={grant.isPending} data-testid="grant-submit">{t('honours.grant.submit')}</Button>
      </Form>
    </div>
  );
}

export function RevokeModal({ grant, honour, onClose }: { grant: HonourGrant | null; honour: Honour; onClose: () => void }) {
  const { t } = useTranslation('console');
  const honourLimits = useLimits().honours;
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (grant) { form.resetFields(); setError(null); }
  }, [grant, form]);

  const revoke = useRevokeGrant(grant, honour, {
    onSuccess: (g) => {
      message.success(t('honours.revoke.done', { name: honour.name, leader: g.leaderName }));
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'honour.revoke_reason_required') form.setFields([{ name: 'reason', errors: [err.message] }]);
      else setError(err.message);
    },
  });

  return (
    <Modal
      open={!!grant} onCancel={onClose} destroyOnHidden width={520} data-testid="revoke-modal"
      title={grant ? t('honours.revoke.title', { name: honour.name, leader: grant.leaderName }) : ''}
      okText={t('honours.revoke.ok')} okButtonProps={{ danger: true, loading: revoke.isPending, ...({ 'data-testid': 'revoke-ok' } as object) }}
      cancelText={t('cancel', { ns: 'common' })}
      onOk={() => form.validateFields().then((v) => { setError(null); revoke.mutate(v.reason.trim()); }).catch(() => undefined)}
    >
      {grant && (
        <>
          <p>{t('honours.revoke.body')}</p>
          {grant.byRule && <p className="text-warning">{t('honours.revoke.byRuleNote')}</p>}
          <Form form={form} layout="vertical" requiredMark={false}>
            <Form.Item name="reason" label={t('honours.revoke.reason')}
              rules={[{
                validator: (_, v: string | undefined) => {
                  const n = (v ?? '').trim().length;
                  return n >= honourLimits.minReason && n <= honourLimits.reason ? Promise.resolve()
                    : Promise.reject(new Error(t('honours.revoke.reasonInvalid', { min: honourLimits.minReason, max: honourLimits.reason })));
                },
              }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={honourLimits.reason} showCount placeholder={t('honours.revoke.reasonPlaceholder')} data-testid="revoke-reason" autoFocus />
            </Form.Item>
          </Form>
          {error && <Alert type="error" showIcon title={error} role="alert" />}
        </>
      )}
    </Modal>
  );
}
