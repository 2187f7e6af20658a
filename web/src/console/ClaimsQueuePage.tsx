import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Empty, Table, Tabs, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api } from '../shared/api';
import { formatDateTime } from './trustData';
import { ClaimDrawer, FlagTag, statusColor } from './ClaimDrawer';
import { Pager } from './Pager';
import { formatShort, money, shortId, type QueueClaim, type QueueResponse } from './aftersales';
import { claimKeys } from '../shared/query-keys';

type QueueTab = 'escalated' | 'sampled' | 'all';
const TABS: QueueTab[] = ['escalated', 'sampled', 'all'];

/** 售后仲裁: claims the platform has to decide, sampled automatic refunds to review, and all claims. */
export function ClaimsQueuePage() {
  const { t, i18n } = useTranslation('console');
  const [params, setParams] = useSearchParams();
  const tab: QueueTab = TABS.includes(params.get('tab') as QueueTab) ? (params.get('tab') as QueueTab) : 'escalated';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const openId = params.get('claim');
  const [openRow, setOpenRow] = useState<QueueClaim | undefined>(undefined);

  const queue = useQuery({
    queryKey: claimKeys.queuePage(tab, page),
    queryFn: () => api<QueueResponse>(`/api/console/claims?status=${tab}&page=${page}`),
    placeholderData: keepPreviousData,
  });
  const counts = queue.data?.counts;

  const update = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) { if (v === null) p.delete(k); else p.set(k, v); }
    setParams(p, { replace: true });
  };
  const open = (id: string, row?: QueueClaim) => { setOpenRow(row); update({ claim: id }); };
  const time = (s: string | null) => (s
    ? <Tooltip title={formatDateTime(s, i18n.language)}><span className="cell-time">{formatShort(s)}</span></Tooltip>
    : <span className="cell-sub">{t('aftersales.none')}</span>);

  const columns: ColumnsType<QueueClaim> = [
    {
      title: `${t('claims.resident')} / ${t('claims.community')}`, dataIndex: 'residentName', width: 130,
      render: (v: string | null, r) => (
        <div>
          <a href={`?claim=${r.id}`} className="row-open" onClick={(e) => { e.preventDefault(); e.stopPropagation(); open(r.id, r); }} data-testid="claim-open">
            {v ?? shortId(r.id)}
          </a>
          <div className="cell-sub">{r.communityName ?? t('aftersales.none')}</div>
        </div>
      ),
    },
    {
      title: t('claims.product'), dataIndex: 'productName', width: 120,
      render: (v: string | null, r) => <div>{v ?? t('aftersales.none')}<div className="cell-sub">{t('claims.quantity', { n: r.quantity })}</div></div>,
    },
    {
      title: t('claims.kind'), dataIndex: 'kindLabel', width: 140,
      render: (v: string, r) => (
        <div>
          <Tag>{v}</Tag>
          <Tooltip title={r.description} placement="topLeft"><div className="cell-sub cell-clamp-1">{r.description}</div></Tooltip>
        </div>
      ),
    },
    { title: t('claims.amount'), dataIndex: 'amountFen', width: 84, align: 'right', render: (v: number) => <span className="money">{money(v)}</span> },
    {
      title: t('claims.reason'), dataIndex: 'reason',
      render: (v: string) => <Tooltip title={v} placement="topLeft"><div className="cell-clamp">{v}</div></Tooltip>,
    },
    tab === 'sampled'
      ? { title: t('claims.resolvedAt'), dataIndex: 'resolvedAt', width: 104, render: (v: string | null) => time(v) }
      : {
        title: t('claims.escalatedAt'), dataIndex: 'escalatedAt', width: 104,
        render: (v: string | null, r) => <div>{time(v)}<div className="cell-sub cell-time">{t('claims.filedShort', { time: formatShort(r.createdAt) })}</div></div>,
      },
    {
      title: t('claims.flags'), dataIndex: 'flags', width: 180,
      render: (flags: QueueClaim['flags']) => (flags.length === 0
        ? <span className="cell-sub">{t('claims.noFlags')}</span>
        : <div className="claim-flag-list">{flags.map((f, i) => <FlagTag key={i} flag={f} onOpenClaim={(id) => open(id)} />)}</div>),
    },
    ...(tab === 'all' ? [{
      title: t('claims.status'), dataIndex: 'statusLabel', width: 96,
      render: (v: string, r: QueueClaim) => <Tag color={statusColor(r.status)}>{v}</Tag>,
    }] : []),
  ];

  const tabLabel = (k: QueueTab) => {
    const n = k === 'all' ? null : counts?.[k];
    return (
      <span data-testid={`claims-tab-${k}`}>
        {t(`claims.tabs.${k}`)}
        {n !== null && n !== undefined && <Badge count={n} showZero color={k === 'escalated' && n > 0 ? '#d93026' : n > 0 ? '#e8590c' : '#bfbfbf'} size="small" className="tab-badge" />}
      </span>
    );
  };

  return (
    <div className="console-panel">
      <div className="console-toolbar">
        <div>
          <h2>{t('claims.title')}</h2>
          <div className="cell-sub">{t('claims.subtitle')}</div>
        </div>
      </div>
      <Tabs
        activeKey={tab} onChange={(k) => update({ tab: k, page: null })}
        items={TABS.map((k) => ({ key: k, label: tabLabel(k) }))}
      />
      {queue.isError ? (
        <Alert type="error" showIcon title={queue.error.message} action={<Button onClick={() => queue.refetch()}>{t('aftersales.retry')}</Button>} />
      ) : (
        <>
          <Table<QueueClaim>
            className="aftersales-table"
            rowKey="id" loading={queue.isPending || (queue.isFetching && queue.isPlaceholderData)} dataSource={queue.data?.items} columns={columns}
            scroll={{ x: tab === 'all' ? 1000 : 920 }} pagination={false} rowClassName={(r) => `clickable-row${r.flags.some((f) => f.kind === 'photo_reused' || f.kind === 'photo_older_than_pickup') ? ' row-flagged' : ''}`}
            onRow={(r) => ({ onClick: () => open(r.id, r), 'data-testid': 'claim-row' } as HTMLAttributes<HTMLElement>)}
            locale={{ emptyText: <Empty description={t(`claims.empty.${tab}`)} /> }}
            data-testid="claims-table"
          />
          <Pager page={page} hasMore={!!queue.data?.hasMore} loading={queue.isFetching} onChange={(p) => update({ page: String(p) })} />
        </>
      )}
      <ClaimDrawer claimId={openId} row={openRow ?? queue.data?.items.find((r) => r.id === openId)} onClose={() => { setOpenRow(undefined); update({ claim: null }); }} />
    </div>
  );
}
