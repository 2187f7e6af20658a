import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Form, Input, InputNumber, Modal, Row, Skeleton, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api } from '../shared/api';
import { formatDateTime } from './trustData';
import { ClaimDrawer } from './ClaimDrawer';
import { Pager } from './Pager';
import { LEDGER_CODES, formKey, money, shortId, toFen, type FundMovement, type FundReport, type LedgerCode } from './aftersales';
import { guaranteeKeys } from '../shared/query-keys';

const FUND = 'guarantee_fund';
const CODE_COLORS: Record<LedgerCode, string> = {
  fund_topup: 'green', claim_refund: 'orange', leader_advance: 'blue', fund_reimbursement: 'geekblue', leader_charge: 'red', supplier_charge: 'volcano',
};

/** 保障金: the fund's balance, the reconciliation with the payment provider, totals and every movement. */
export function GuaranteeFundPage() {
  const { t, i18n } = useTranslation('console');
  const [page, setPage] = useState(1);
  const [topUpOpen, setTopUpOpen] = useState(false);
  const [claimId, setClaimId] = useState<string | null>(null);
  const report = useQuery({
    queryKey: guaranteeKeys.fundPage(page),
    queryFn: () => api<FundReport>(`/api/console/guarantee-fund?page=${page}`),
    placeholderData: keepPreviousData,
  });
  const r = report.data;
  const recon = r?.reconciliation;
  const ok = !!recon && recon.balanced && recon.refundsMatch;

  /**
   * guarantee_fund → 保障金; leader:<uuid> → 团长 · 王叔 (the id on hover). An account the server
   * has no name for keeps its short id, so two of them can still be told apart.
   */
  const account = (a: string) => {
    const [kind, id] = a.split(':');
    const label = t(`fund.accountKinds.${kind}`, { defaultValue: kind });
    const name = id ? r?.accountNames?.[id] : undefined;
    return (
      <span className={kind === FUND ? 'account account-fund' : 'account'} data-testid="fund-account">
        {label}
        {id && (name
          ? <Tooltip title={<span className="mono">{a}</span>}><span className="account-name"> · {name}</span></Tooltip>
          : <span className="cell-sub mono"> · {shortId(id)}</span>)}
      </span>
    );
  };

  const columns: ColumnsType<FundMovement> = [
    { title: t('fund.time'), dataIndex: 'createdAt', width: 150, render: (v: string) => <span className="cell-time">{formatDateTime(v, i18n.language)}</span> },
    { title: t('fund.code'), dataIndex: 'code', width: 140, render: (c: LedgerCode) => <Tag color={CODE_COLORS[c]}>{t(`fund.codes.${c}`, { defaultValue: c })}</Tag> },
    { title: t('fund.from'), dataIndex: 'debitAccount', width: 190, render: account },
    { title: t('fund.to'), dataIndex: 'creditAccount', width: 190, render: account },
    {
      title: t('fund.amount'), dataIndex: 'amountFen', width: 120, align: 'right',
      render: (v: number, m) => {
        const sign = m.creditAccount === FUND ? '+' : m.debitAccount === FUND ? '−' : '';
        return <span className={`money ${sign === '+' ? 'delta-in' : sign === '−' ? 'delta-out' : ''}`}>{sign}{money(v)}</span>;
      },
    },
    {
      title: t('fund.claim'), dataIndex: 'claimId', width: 100,
      render: (id: string | null) => (id
        ? <a href={`#claim-${id}`} className="mono" onClick={(e) => { e.preventDefault(); setClaimId(id); }} data-testid="movement-claim">{shortId(id)}</a>
        : <span className="cell-sub">{t('aftersales.none')}</span>),
    },
    { title: t('fund.memo'), dataIndex: 'memo', render: (v: string) => v || <span className="cell-sub">{t('aftersales.none')}</span> },
  ];

  return (
    <div className="fund-page">
      <div className="console-panel">
        <div className="console-toolbar">
          <div>
            <h2>{t('fund.title')}</h2>
            <div className="cell-sub">{t('fund.subtitle')}</div>
          </div>
          <Button type="primary" onClick={() => setTopUpOpen(true)} data-testid="fund-topup">{t('fund.topUp')}</Button>
        </div>
        {report.isError && (
          <Alert type="error" showIcon title={report.error.message} style={{ marginBottom: 16 }}
            action={<Button onClick={() => report.refetch()}>{t('aftersales.retry')}</Button>} />
        )}
        {report.isPending ? <Skeleton active paragraph={{ rows: 4 }} /> : r && recon && (
          <>
            <Row gutter={[16, 16]}>
              <Col xs={24} md={8}>
                <Card size="small" className={`fund-card${r.fundBalanceFen < 0 ? ' fund-card-negative' : ''}`} data-testid="fund-balance">
                  <Statistic
                    title={t('fund.balance')} value={money(r.fundBalanceFen)}
                    styles={{ content: { color: r.fundBalanceFen < 0 ? '#d93026' : '#222', fontVariantNumeric: 'tabular-nums' } }}
                  />
                  {r.fundBalanceFen < 0 && <Tag color="red" className="fund-need">{t('fund.needTopUp')}</Tag>}
                </Card>
              </Col>
              <Col xs={24} md={8}>
                <Card size="small" className="fund-card" data-testid="fund-refunds-paid">
                  <Statistic title={t('fund.refundsPaid')} value={money(recon.providerPaidFen)} styles={{ content: { fontVariantNumeric: 'tabular-nums' } }} />
                  <div className="cell-sub">{t('fund.refundsLedger', { amount: money(recon.ledgerRefundsFen) })}</div>
                </Card>
              </Col>
              <Col xs={24} md={8}>
                <Card size="small" className="fund-card" data-testid="fund-pending">
                  <Statistic title={t('fund.pending')} value={t('fund.pendingN', { n: recon.pendingRefunds })}
                    styles={{ content: { color: recon.pendingRefunds > 0 ? '#e8590c' : '#222' } }} />
                  <div className="cell-sub">{t('fund.pendingHint')}</div>
                </Card>
              </Col>
            </Row>
            <div className="fund-recon" data-testid="fund-recon">
              {ok ? (
                <Alert type="success" showIcon title={<Typography.Text strong>{t('fund.reconState', { state: t('fund.balanced') })}</Typography.Text>}
                  description={t('fund.balancedBody', { ledger: money(recon.ledgerRefundsFen), provider: money(recon.providerRefundsFen), paid: money(recon.providerPaidFen) })} />
              ) : (
                <Alert type="error" showIcon title={<Typography.Text strong>{t('fund.reconState', { state: t('fund.unbalanced') })}</Typography.Text>}
                  description={(
                    <div>
                      {!recon.balanced && <div>{t('fund.notBalanced')}</div>}
                      {!recon.refundsMatch && (
                        <div>{t('fund.mismatch', {
                          ledger: money(recon.ledgerRefundsFen), provider: money(recon.providerRefundsFen),
                          diff: money(Math.abs(recon.ledgerRefundsFen - recon.providerRefundsFen)),
                        })}</div>
                      )}
                      <div>{t('fund.providerPaid', { paid: money(recon.providerPaidFen), n: recon.pendingRefunds })}</div>
                    </div>
                  )} />
              )}
            </div>
          </>
        )}
      </div>

      {r && (
        <div className="fund-grid">
          <div>
            <div className="console-panel fund-subpanel">
              <h3>{t('fund.byCode')}</h3>
              <Table
                size="small" rowKey="code" pagination={false} dataSource={[...r.byCode].sort((a, b) => LEDGER_CODES.indexOf(a.code) - LEDGER_CODES.indexOf(b.code))} data-testid="fund-by-code"
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('fund.noMovements')} /> }}
                columns={[
                  { title: t('fund.code'), dataIndex: 'code', render: (c: LedgerCode) => <Tag color={CODE_COLORS[c]}>{t(`fund.codes.${c}`, { defaultValue: c })}</Tag> },
                  { title: t('fund.entries'), dataIndex: 'entries', align: 'right', width: 90, render: (n: number) => <span className="money">{n}</span> },
                  { title: t('fund.amount'), dataIndex: 'amountFen', align: 'right', width: 150, render: (v: number) => <span className="money">{money(v)}</span> },
                ]}
              />
            </div>
          </div>
          <div>
            <div className="console-panel fund-subpanel">
              <h3>{t('fund.balances')}</h3>
              <Table
                size="small" rowKey="kind" pagination={false} dataSource={r.balances} data-testid="fund-balances"
                columns={[
                  { title: t('fund.accountKind'), dataIndex: 'kind', className: 'nowrap', render: (k: string) => t(`fund.accountKinds.${k}`, { defaultValue: k }) },
                  { title: t('fund.accounts'), dataIndex: 'accounts', align: 'right', width: 80, render: (n: number) => <span className="money">{n}</span> },
                  {
                    title: t('fund.balanceCol'), dataIndex: 'balanceFen', align: 'right', width: 140,
                    render: (v: number) => <span className={`money${v < 0 ? ' delta-out' : ''}`}>{money(v)}</span>,
                  },
                ]}
              />
            </div>
          </div>
        </div>
      )}

      <div className="console-panel">
        <div className="console-toolbar"><h3 style={{ margin: 0 }}>{t('fund.movements')}</h3></div>
        <Table<FundMovement>
          className="aftersales-table"
          rowKey="id" loading={report.isPending || (report.isFetching && report.isPlaceholderData)} dataSource={r?.movements} columns={columns}
          scroll={{ x: 1000 }} pagination={false} data-testid="fund-movements"
          locale={{ emptyText: <Empty description={t('fund.noMovements')} /> }}
        />
        <Pager page={page} hasMore={!!r?.hasMore} loading={report.isFetching} onChange={setPage} />
      </div>

      <TopUpModal open={topUpOpen} onClose={() => setTopUpOpen(false)} onDone={() => setPage(1)} />
      <ClaimDrawer claimId={claimId} onClose={() => setClaimId(null)} />
    </div>
  );
}

interface TopUpValues { amountYuan: number | null; memo: string }

function TopUpModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation('console');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TopUpValues>();
  const [key, setKey] = useState(formKey);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    // One key per opening of the form: a double click or a retry cannot pay twice.
    setKey(formKey());
    setError(null);
    form.resetFields();
  }, [open, form]);

  const topUp = useMutation({
    mutationFn: (v: TopUpValues) => api<FundReport>('/api/console/guarantee-fund/top-ups', { body: { amountFen: toFen(v.amountYuan!), memo: v.memo.trim(), idempotencyKey: key } }),
    onSuccess: async (_, v) => {
      await queryClient.invalidateQueries({ queryKey: guaranteeKeys.fund() });
      message.success(t('fund.topUpDone', { amount: money(toFen(v.amountYuan!)) }));
      onDone();
      onClose();
    },
    onError: (err) => setError(err.message),
  });

  return (
    <Modal
      open={open} title={t('fund.topUpTitle')} onCancel={onClose} destroyOnHidden
      okText={t('fund.topUpOk')} cancelText={t('aftersales.cancel')}
      okButtonProps={{ loading: topUp.isPending, ...({ 'data-testid': 'topup-submit' } as object) }}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph type="secondary">{t('fund.topUpHint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => { if (!topUp.isPending) { setError(null); topUp.mutate(v); } }}>
        <Form.Item name="amountYuan" label={t('fund.topUpAmount')}
          rules={[{ validator: (_, v: number | null) => (typeof v === 'number' && v >= 1 && v <= 1_000_000 ? Promise.resolve() : Promise.reject(new Error(t('fund.topUpAmountInvalid')))) }]}>
          <InputNumber<number> min={0} max={1_000_000} precision={2} prefix="¥" style={{ width: 220 }} autoFocus data-testid="topup-amount" />
        </Form.Item>
        <Form.Item name="memo" label={t('fund.topUpMemo')}
          rules={[{ validator: (_, v: string) => ((v ?? '').trim().length >= 2 ? Promise.resolve() : Promise.reject(new Error(t('fund.topUpMemoRequired')))) }]}>
          <Input maxLength={200} showCount placeholder={t('fund.topUpMemoPlaceholder')} data-testid="topup-memo" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
