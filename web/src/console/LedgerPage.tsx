import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, List, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { api } from '../shared/api';
import { ledgerKeys } from '../shared/query-keys';
import { formatDateTime } from './trustData';

interface Failure { kind: string; source?: string; entryId?: string; leafIndex?: number; detail: string }
interface Verification { ranAt: string; treeSize: number; leavesChecked: number; ok: boolean; failures: Failure[] }
interface Checkpoint { treeSize: number; rootHash: string; chainHead: string; signedAt: string; keyId: string; signature: string; previousSize: number | null }
interface Overview {
  publicKey: { keyId: string; publicKey: string };
  checkpoints: Checkpoint[];
  latestVerification: Verification | null;
  lastFailure: Verification | null;
  sources: { name: string; leaves: number }[];
  effectsWaiting: { kind: string; id: string; title: string; since: string }[];
}

/** 公开账本: signed checkpoints, whether every entry still matches its leaf, and effects waiting for an operator. */
export function LedgerPage() {
  const { t, i18n } = useTranslation('ledger');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const overview = useQuery({ queryKey: ledgerKeys.overview, queryFn: () => api<Overview>('/api/console/ledger') });
  const run = useMutation({
    mutationFn: () => api<{ appended: number; verificationOk: boolean | null }>('/api/console/ledger/run', { method: 'POST', body: {} }),
    onSuccess: (r) => {
      void message.info(t('console.ran', { n: r.appended, result: r.verificationOk === false ? t('console.resultBad') : t('console.resultOk') }));
      void queryClient.invalidateQueries({ queryKey: ledgerKeys.overview });
    },
    onError: (e: Error) => void message.error(e.message),
  });
  const time = (iso: string) => formatDateTime(iso, i18n.language);
  const o = overview.data;
  if (overview.isError) return <Alert type="error" message={(overview.error as Error).message} />;
  if (!o) return <Skeleton active />;
  const v = o.latestVerification;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="ledger-console">
      <Typography.Paragraph type="secondary">{t('console.intro')}</Typography.Paragraph>
      <Card title={t('console.status')} extra={<Button type="primary" loading={run.isPending} onClick={() => run.mutate()}>{t('console.run')}</Button>}>
        {!v ? <Alert type="info" message={t('console.statusNone')} />
          : v.ok && !o.lastFailure ? <Alert type="success" showIcon message={t('console.statusOk')} description={t('console.statusOkText', { time: time(v.ranAt), n: v.leavesChecked })} />
          : <Alert type={v.ok ? 'warning' : 'error'} showIcon data-testid="ledger-tampering"
              message={t('console.statusBad', { n: (o.lastFailure ?? v).failures.length })}
              description={t('console.statusBadText', { time: time((o.lastFailure ?? v).ranAt) })} />}
        {o.lastFailure && (
          <List size="small" header={t('console.lastFailure', { time: time(o.lastFailure.ranAt) })} dataSource={o.lastFailure.failures}
            renderItem={(f) => (
              <List.Item>
                <Space>
                  <Tag color="red">{t(`console.failureKinds.${f.kind}`, { defaultValue: f.kind })}</Tag>
                  {f.source && <Typography.Text code>{f.source}/{f.entryId}</Typography.Text>}
                  <Typography.Text>{f.detail}</Typography.Text>
                </Space>
              </List.Item>
            )} />
        )}
        <Descriptions size="small" column={1} style={{ marginTop: 16 }}>
          <Descriptions.Item label={t('console.publicKey')}><Typography.Text code copyable>{o.publicKey.publicKey}</Typography.Text> ({o.publicKey.keyId})</Descriptions.Item>
          <Descriptions.Item label={t('console.sources')}>
            <Space wrap>{o.sources.map((s) => <Tag key={s.name}>{t(`verify.sources.${s.name}`, { defaultValue: s.name })} · {s.leaves}</Tag>)}</Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('console.checkpoints')}>
        <Table<Checkpoint> rowKey="treeSize" size="small" dataSource={o.checkpoints} pagination={false}
          columns={[
            { title: t('console.size'), dataIndex: 'treeSize' },
            { title: t('console.root'), dataIndex: 'rootHash', render: (h: string) => <Typography.Text code copyable={{ text: h }}>{h.slice(0, 16)}…</Typography.Text> },
            { title: t('console.signedAt'), dataIndex: 'signedAt', render: time },
            { title: t('console.keyId'), dataIndex: 'keyId', render: (k: string) => <Typography.Text code>{k}</Typography.Text> },
            { title: t('console.previous'), dataIndex: 'previousSize', render: (p: number | null) => (p === null ? '—' : p) },
          ]} />
      </Card>
      <Card title={t('console.effects')}>
        {o.effectsWaiting.length === 0 ? <Empty description={t('console.effectsEmpty')} /> : (
          <List dataSource={o.effectsWaiting} renderItem={(e) => <List.Item><Tag>{t(`console.kind.${e.kind}`)}</Tag> {e.title} <Typography.Text type="secondary">{time(e.since)}</Typography.Text></List.Item>} />
        )}
      </Card>
    </Space>
  );
}
