import { useEffect, useRef } from 'react';
import { Button, DotLoading } from 'antd-mobile';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import type { Me } from '../../shared/types';
import { isUuid } from '../lib/api';
import { type LifeEvent } from '../lib/life';
import { useTimeFormat } from '../lib/time';
import { MobilePage, useTitle } from '../components/Page';
import { CheckIcon, ClockIcon, PinIcon } from '../components/icons';
import { NotFound } from './NotFound';
import { eventKeys } from '../../shared/query-keys';

/**
 * /events/:id/check-in?token=… — what the venue's QR code opens in the phone's camera: log in if
 * needed, check in at once, and say so in big letters (or say plainly why not).
 */
export default function CheckInPage() {
  const { id } = useParams();
  if (!isUuid(id)) return <NotFound />;
  return <RequireLogin>{(me) => <CheckIn me={me} id={id} />}</RequireLogin>;
}

function CheckIn({ me, id }: { me: Me; id: string }) {
  const { t } = useTranslation('resident');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  useTitle(t('checkin.title'));

  const checkIn = useMutation({
    mutationFn: () => api<LifeEvent>(`/api/events/${id}/check-in`, { body: { token } }),
    onSuccess: (ev) => {
      queryClient.setQueryData(eventKeys.detail(id), ev);
      void queryClient.invalidateQueries({ queryKey: eventKeys.lists() });
    },
  });
  // Once per visit (checking in twice changes nothing on the server either).
  const started = useRef(false);
  useEffect(() => {
    if (started.current || !token) return;
    started.current = true;
    checkIn.mutate();
  }, [token, checkIn]);

  const ev = checkIn.data;
  const timeZone = me.communities.find((c) => c.id === ev?.communityId)?.timeZone;
  const fmt = useTimeFormat(timeZone);
  const err = checkIn.error;
  const code = err instanceof ApiError ? err.code : '';
  const state = !token ? 'no-token' : ev ? 'success' : err ? 'error' : 'working';

  return (
    <MobilePage title={t('checkin.title')} back={`/events/${id}`} className="r-checkin">
      <section className={`r-checkin-box r-checkin-${state}`} data-testid="checkin-status" data-state={state} data-code={code || undefined} aria-live="polite">
        {state === 'working' && (
          <>
            <div className="r-checkin-icon r-checkin-icon-wait"><DotLoading color="primary" /></div>
            <div className="r-checkin-title">{t('checkin.working')}</div>
          </>
        )}
        {state === 'success' && ev && (
          <>
            <div className="r-checkin-icon r-checkin-icon-ok"><CheckIcon size={56} /></div>
            <div className="r-checkin-title">{t('checkin.success')}</div>
            <div className="r-checkin-sub">{t('checkin.welcome', { name: me.user.name || t('me.neighbour') })}</div>
            <div className="r-checkin-event">
              <div className="r-checkin-event-title">{ev.title}</div>
              <div className="r-info-line"><ClockIcon size={16} /><span>{fmt.window(ev.startsAt, ev.endsAt)}</span></div>
              {ev.place && <div className="r-info-line"><PinIcon size={16} /><span>{ev.place}</span></div>}
              {ev.mySignup?.checkedInAt && <div className="r-small r-muted">{t('events.checkedInAt', { time: fmt.time(ev.mySignup.checkedInAt) })}</div>}
            </div>
          </>
        )}
        {(state === 'error' || state === 'no-token') && (
          <>
            <div className="r-checkin-icon r-checkin-icon-bad" aria-hidden="true">!</div>
            <div className="r-checkin-title">{t('checkin.failTitle')}</div>
            <div className="r-checkin-sub" data-testid="checkin-message">
              {state === 'no-token' ? t('checkin.noToken') : err instanceof ApiError ? err.message : t('checkin.network')}
            </div>
          </>
        )}
      </section>
      <div className="r-checkin-actions">
        {state === 'error' && !(err instanceof ApiError && err.status < 500) && (
          <Button block color="primary" shape="rounded" size="large" onClick={() => checkIn.mutate()} data-testid="checkin-retry">{t('checkin.retry')}</Button>
        )}
        {code === 'gathering.not_signed_up' && (
          <Button block color="primary" shape="rounded" size="large" onClick={() => navigate(`/events/${id}`)} data-testid="checkin-signup">{t('checkin.goSignup')}</Button>
        )}
        {state !== 'working' && code !== 'gathering.not_signed_up' && code !== 'gathering.not_found' && (
          <Button block shape="rounded" size="large" fill={state === 'success' ? 'solid' : 'outline'} color={state === 'success' ? 'primary' : 'default'} onClick={() => navigate(`/events/${id}`)} data-testid="checkin-view-event">
            {t('checkin.viewEvent')}
          </Button>
        )}
      </div>
    </MobilePage>
  );
}
