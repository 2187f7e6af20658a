import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Checkbox, DotLoading, SearchBar, Tag } from 'antd-mobile';
import { api } from '../../shared/api';
import { EmptyState, PageError, PageLoading } from '../../shared/states';
import { leaderOrderKeys } from '../../shared/query-keys';
import { LeaderPage, NotLeader, useLeaderOf } from '../components';
import { DEFAULT_TZ, numbersLine } from '../lib';
import { FilterSheet, useChips } from './FilterSheet';
import { ArrivalSheet, ExportSheet } from './BulkSheets';
import { activeCount, filterOf, queryOf, yuan, type Filter, type LeaderOrder, type LeaderOrderFilters, type LeaderOrderPage, type LineStatus } from './model';
import './orders.css';
import '../labels.css';
import { Name, named } from '../../shared/names';
import { Unit, unitLabel } from '../../shared/units';

const PAGE_SIZE = 20;
const STATUS_COLOR: Partial<Record<LineStatus, string>> = { ready_for_pickup: 'warning', picked_up: 'success', not_collected: 'danger', refunded: 'default', cancelled: 'default' };

/** /leader/:communityId/orders — his community's orders: search, filter chips, pages, bulk actions. */
export function OrdersPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <Orders communityId={communityId} timeZone={community.timeZone || DEFAULT_TZ} />;
}

function Orders({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t } = useTranslation('leaderOrders');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterOf(params), [params]);
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = queryOf(filter, { page, pageSize: PAGE_SIZE });
  const [search, setSearch] = useState(filter.q ?? '');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [sheet, setSheet] = useState<'filter' | 'export' | 'arrival' | null>(null);

  const list = useQuery({
    queryKey: leaderOrderKeys.list(communityId, query),
    queryFn: () => api<LeaderOrderPage>(`/api/communities/${communityId}/leader-orders?${query}`),
    placeholderData: keepPreviousData,
  });
  const options = useQuery({ queryKey: leaderOrderKeys.filters(communityId), queryFn: () => api<LeaderOrderFilters>(`/api/communities/${communityId}/leader-orders/filters`) });

  const setFilter = (next: Filter) => { setParams(queryOf(next), { replace: true }); };
  // The search box applies itself a moment after typing stops.
  useEffect(() => {
    if ((filter.q ?? '') === search.trim()) return undefined;
    const id = setTimeout(() => setFilter({ ...filter, q: search.trim() || undefined }), 350);
    return () => clearTimeout(id);
  }, [search]); // eslint-disable-line react-hooks/exhaustive-deps
  const chips = useChips(filter, options.data, setFilter);

  const data = list.data;
  const pageIds = data?.items.map((o) => o.orderId) ?? [];
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const toggle = (id: string) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const togglePage = () => setSelected((s) => { const n = new Set(s); for (const id of pageIds) { if (allOnPage) n.delete(id); else n.add(id); } return n; });
  const selection = [...selected];
  const printUrl = (kind: 'labels' | 'slips') => `/leader/${communityId}/orders/print?${queryOf(filter, { kind, orderIds: selection.join(',') || undefined })}`;

  let content;
  if (!data && list.isPending) content = <PageLoading />;
  else if (list.isError && !data) content = <PageError error={list.error} onRetry={() => list.refetch()} />;
  else if (!data) content = <PageLoading />;
  else if (data.items.length === 0) {
    const filtered = activeCount(filter) > 0 || !!filter.q;
    content = <EmptyState title={t(filtered ? 'emptyTitle' : 'emptyAllTitle')} description={t(filtered ? 'emptyHint' : 'emptyAllHint')} />;
  } else {
    content = (
      <>
        <div className="lo-list" data-testid="order-list">
          {data.items.map((o) => <OrderCard key={o.orderId} order={o} communityId={communityId} timeZone={timeZone} checked={selected.has(o.orderId)} onToggle={() => toggle(o.orderId)} />)}
        </div>
        {data.pages > 1 && (
          <nav className="lo-pager" aria-label={t('page', { page: data.page, pages: data.pages })}>
            <Button disabled={page <= 1} onClick={() => setParams(queryOf(filter, { page: page - 1 }))}>‹ {t('prev')}</Button>
            <span data-testid="pager">{t('page', { page: data.page, pages: data.pages })}</span>
            <Button disabled={page >= data.pages} onClick={() => setParams(queryOf(filter, { page: page + 1 }))} data-testid="next-page">{t('next')} ›</Button>
          </nav>
        )}
      </>
    );
  }

  return (
    <LeaderPage title={t('title')} communityId={communityId} back={`/leader/${communityId}`}>
      <div className="lo-top">
        <div className="lo-search">
          <SearchBar placeholder={t('searchPlaceholder')} value={search} onChange={setSearch} onClear={() => setSearch('')} aria-label={t('searchPlaceholder')} data-testid="order-search" />
        </div>
        <div className="lo-chips" role="toolbar">
          <button type="button" className={`lo-chip${activeCount(filter) ? ' on' : ''}`} onClick={() => setSheet('filter')} data-testid="open-filter">
            {t('filter')} {activeCount(filter) > 0 && <span className="badge">{activeCount(filter)}</span>}
          </button>
          <button type="button" className={`lo-chip${filter.notCollected ? ' on' : ''}`} aria-pressed={!!filter.notCollected} onClick={() => setFilter({ ...filter, notCollected: filter.notCollected ? undefined : 'true' })} data-testid="chip-not-collected">
            {t('notCollected')}
          </button>
          {chips.map((c) => (
            <button type="button" key={c.key} className="lo-chip on" onClick={c.remove} aria-label={t('chip.remove', { label: c.label })} data-testid={`chip-${c.key}`}>
              {c.label}<span className="x" aria-hidden="true">×</span>
            </button>
          ))}
        </div>
        {data && (
          <div className="lo-summary" title={t('summaryHint')}>
            <span data-testid="order-summary">
              {t('summary', { orders: data.totals.orders, households: data.totals.households, units: data.totals.units, amount: yuan(data.totals.amountFen) })}
              {list.isFetching && <DotLoading />}
            </span>
            {pageIds.length > 0 && <button type="button" onClick={togglePage} data-testid="select-page">{t(allOnPage ? 'unselectPage' : 'selectPage')}</button>}
          </div>
        )}
      </div>
      {content}
      <div className="lo-bar" data-testid="bulk-bar">
        <div className="lo-bar-info">
          <span>{selection.length ? t('selected', { count: selection.length }) : t('selectedNone')}</span>
          {selection.length > 0 && <button type="button" onClick={() => setSelected(new Set())} data-testid="clear-selection">{t('clearSelection')}</button>}
        </div>
        <div className="lo-bar-actions">
          <Button color="primary" fill="outline" onClick={() => navigate(printUrl('labels'))} data-testid="bulk-labels">{t('actions.labels')}</Button>
          <Button color="primary" fill="outline" onClick={() => navigate(printUrl('slips'))} data-testid="bulk-slips">{t('actions.slips')}</Button>
          <Button color="primary" fill="outline" onClick={() => setSheet('arrival')} data-testid="bulk-arrival">{t('actions.arrival')}</Button>
          <Button color="primary" onClick={() => setSheet('export')} data-testid="bulk-export">{t('actions.export')}</Button>
        </div>
      </div>
      <FilterSheet open={sheet === 'filter'} filter={filter} options={options.data} onClose={() => setSheet(null)} onApply={(f) => { setFilter({ ...f, q: filter.q }); setSheet(null); }} />
      <ExportSheet open={sheet === 'export'} onClose={() => setSheet(null)} communityId={communityId} query={queryOf(filter, { orderIds: selection.join(',') || undefined })}
        what={selection.length ? t('exportSheet.selection', { count: selection.length }) : t('exportSheet.filtered', { count: data?.totals.orders ?? 0 })} />
      <ArrivalSheet open={sheet === 'arrival'} onClose={() => setSheet(null)} communityId={communityId} options={options.data}
        preselect={[...new Set((data?.items ?? []).filter((o) => selected.has(o.orderId)).flatMap((o) => o.lines.map((l) => l.groupBuyId)))]} />
    </LeaderPage>
  );
}

function OrderCard({ order, communityId, timeZone, checked, onToggle }: { order: LeaderOrder; communityId: string; timeZone: string; checked: boolean; onToggle: () => void }) {
  const { t } = useTranslation('leaderOrders');
  const when = new Date(order.orderedAt).toLocaleString(undefined, { timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return (
    <article className={`lo-card${checked ? ' selected' : ''}`} data-testid="order-card" data-order-id={order.orderId}>
      <div className="lo-check"><Checkbox checked={checked} onChange={onToggle} aria-label={t('select')} data-testid="order-check" /></div>
      <div className="lo-head">
        <span className="lo-no">{numbersLine(order.groupNumbers) || '—'}</span>
        <span className="lo-name" data-testid="order-name" translate="no">{order.displayName}</span>
        <span className={`lo-door${order.doorNumber ? '' : ' none'}`}>{order.doorNumber || t('noDoor')}</span>
      </div>
      <div className="lo-meta"><span>{t('phoneTail', { tail: order.phoneTail })}</span><span>{when}</span><Name>{order.pickupPointName}</Name></div>
      <ul className="lo-lines">
        {order.lines.map((l) => (
          <li key={l.lineId}>
            <span className="what"><Name>{l.productName}</Name> {l.spec && <small translate="no">{l.spec}</small>}<span className="gb">{l.groupNumber != null ? `#${l.groupNumber} · ` : ''}<Name>{l.title}</Name></span></span>
            <span className="right">
              <b>×{l.quantity} <Unit unit={l.unit} count={l.quantity} /></b>
              {l.refundedQuantity > 0 && <small>{t('refunded', { n: l.refundedQuantity })}</small>}
              <Tag color={STATUS_COLOR[l.status] ?? 'primary'} fill="outline">{t(`status.${l.status}`)}</Tag>
            </span>
          </li>
        ))}
      </ul>
      <div className="lo-foot">
        <b>¥{yuan(order.amountFen)}</b>
        <Link to={`/leader/${communityId}/orders/${order.orderId}`}>{t('detail')} ›</Link>
      </div>
    </article>
  );
}
