import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, SearchBar, Skeleton, Toast } from 'antd-mobile';
import { RequireLogin } from '../../shared/auth';
import { api, ApiError } from '../../shared/api';
import { EmptyState } from '../../shared/states';
import { morningKeys } from '../../shared/query-keys';
import type { components } from '../../shared/api-types';
import { isUuid } from '../lib/api';
import { MobilePage, useTitle } from '../components/Page';
import { ProductImage } from '../components/ProductImage';
import { Price } from '../components/Price';
import { ErrorView } from '../components/ErrorView';
import { NotFound } from './NotFound';
import '../search.css';

type Results = components['schemas']['SearchResults'];
type Result = Results['items'][number];
type Alert = components['schemas']['RestockAlert'];
const MAX = 30;

/** /c/:communityId/search?q= — her community's open group buys and products that match. */
export default function SearchPage() {
  const { communityId } = useParams();
  if (!isUuid(communityId)) return <NotFound kind="community" />;
  return <RequireLogin>{() => <Search communityId={communityId} />}</RequireLogin>;
}

/** The search box of the community home and of this page: submitting opens (or updates) the results. */
export function SearchBox({ communityId, initial = '', autoFocus }: { communityId: string; initial?: string; autoFocus?: boolean }) {
  const { t } = useTranslation('morning');
  const navigate = useNavigate();
  const [value, setValue] = useState(initial);
  const tooLong = Array.from(value.trim()).length > MAX;
  const submit = (v: string) => {
    const q = v.trim();
    if (!q || Array.from(q).length > MAX) return;
    navigate(`/c/${communityId}/search?q=${encodeURIComponent(q)}`, { replace: !!initial });
  };
  return (
    <div className="r-search-box">
      <SearchBar placeholder={t('search.placeholder')} value={value} onChange={setValue} onSearch={submit} autoFocus={autoFocus}
        aria-label={t('search.title')} data-testid="search-input" style={{ '--height': '44px', '--border-radius': '22px', '--background': '#fff' }} />
      <Button color="primary" shape="rounded" onClick={() => submit(value)} disabled={!value.trim() || tooLong} data-testid="search-submit">{t('search.submit')}</Button>
      {tooLong && <div className="r-search-hint" role="alert">{t('search.tooLong', { max: MAX })}</div>}
    </div>
  );
}

function Search({ communityId }: { communityId: string }) {
  const { t } = useTranslation('morning');
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  useTitle(q ? `${t('search.title')}：${q}` : t('search.title'));
  const results = useQuery({
    queryKey: morningKeys.search(communityId, q),
    queryFn: () => api<Results>(`/api/communities/${communityId}/search?q=${encodeURIComponent(q)}`),
    enabled: q.length > 0,
  });
  return (
    <MobilePage title={t('search.title')} back={`/c/${communityId}`} className="r-search-page">
      <SearchBox key={q} communityId={communityId} initial={q} autoFocus={!q} />
      {!q ? <EmptyState title={t('search.start')} /> : results.isPending ? (
        <div className="r-search-loading"><Skeleton.Paragraph lineCount={5} animated /></div>
      ) : results.isError ? <ErrorView error={results.error} onRetry={() => results.refetch()} /> : results.data.items.length === 0 ? (
        <EmptyState title={t('search.none', { q })} description={t('search.noneHint')} />
      ) : (
        <>
          <div className="r-search-count" data-testid="search-count">{t('search.results', { count: results.data.items.length })}</div>
          <ul className="r-search-list">
            {results.data.items.map((item) => <ResultRow key={item.itemId} item={item} communityId={communityId} q={q} />)}
          </ul>
        </>
      )}
    </MobilePage>
  );
}

function ResultRow({ item, communityId, q }: { item: Result; communityId: string; q: string }) {
  const { t } = useTranslation('morning');
  const qc = useQueryClient();
  const alert = useMutation({
    mutationFn: (on: boolean) => api<Alert>(`/api/group-buy-items/${item.itemId}/restock-alert`, { method: on ? 'POST' : 'DELETE' }),
    onSuccess: (res) => {
      Toast.show({ content: res.status === 'waiting' ? t('search.subscribed') : t('search.cancelled') });
      qc.setQueryData<Results>(morningKeys.search(communityId, q), (old) => old && { ...old, items: old.items.map((i) => (i.itemId === item.itemId ? { ...i, alert: res.status } : i)) });
    },
    onError: (err) => Toast.show({ content: err instanceof ApiError ? err.message : String(err), duration: 3000 }),
  });
  return (
    <li className="r-search-item" data-testid="search-result">
      <Link to={`/g/${item.groupBuyId}`} className="r-search-link">
        <ProductImage src={item.imageUrl ?? undefined} alt={item.productName} className="r-search-img" />
        <div className="r-search-info">
          <div className="r-search-name">{item.productName}</div>
          <div className="r-search-sub">{item.title}{item.matchedIn !== 'name' && <span className="r-search-why"> · {t(`search.matchedIn.${item.matchedIn}`)}</span>}</div>
          <div className="r-search-sub">{item.spec} · {item.origin}</div>
          <div className="r-search-price">
            <Price fen={item.priceFen} size="sm" />
            {item.soldOut ? <span className="r-search-sold">{t('search.soldOut')}</span> : <span className="r-search-left">{t('search.left', { left: item.stockAvailable })}</span>}
          </div>
        </div>
      </Link>
      {item.soldOut && (
        item.alert === 'waiting' ? (
          <div className="r-search-alert on">
            <span>✓ {t('search.notifying')}</span>
            <Button size="small" fill="none" loading={alert.isPending} onClick={() => alert.mutate(false)} data-testid="restock-cancel">{t('search.cancelNotify')}</Button>
          </div>
        ) : (
          <Button block size="large" color="warning" fill="outline" loading={alert.isPending} onClick={() => alert.mutate(true)} data-testid="restock-alert">{t('search.notifyMe')}</Button>
        )
      )}
    </li>
  );
}
