import { useEffect, useRef, useState } from 'react';
import { Button, ErrorBlock, Skeleton, Toast } from 'antd-mobile';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../shared/api';
import { useMe } from '../../shared/auth';
import { PageError } from '../../shared/states';
import { isUuid, useInvite } from '../lib/api';
import { rememberCommunity } from '../lib/community';
import { LeaderCard } from '../components/LeaderBadge';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ClockIcon, GiftIcon, PinIcon, ShieldIcon, UsersIcon, LeafIcon } from '../components/icons';
import { useTitle } from '../components/Page';
import { meKeys } from '../../shared/query-keys';
import { useLimits } from '../../shared/limits';
import { MemberFields, memberValuesValid, type MemberValues } from '../components/MemberFields';

const INTENT_KEY = 'linli.resident.joinIntent';

/** /join/:code — the invitation landing page. Public: it greets before asking anyone to log in. */
export default function JoinPage() {
  const { code = '' } = useParams();
  const [params] = useSearchParams();
  const from = params.get('from');
  const { t } = useTranslation('resident');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const invite = useInvite(code);
  const me = useMe();
  useTitle(invite.data ? t('join.pageTitle', { name: invite.data.name }) : undefined);

  const alreadyMember = !!invite.data && !!me.data?.communities.some((c) => c.id === invite.data.id);
  const limits = useLimits().members;
  // Her name here: her account's name to start with, and her 门牌 if she likes.
  const [profile, setProfile] = useState<MemberValues>({ displayName: '', doorNumber: '' });
  const [showErrors, setShowErrors] = useState(false);
  const fieldsRef = useRef<HTMLElement>(null);
  const prefilled = useRef(false);
  useEffect(() => {
    if (prefilled.current || !me.data) return;
    prefilled.current = true;
    setProfile((p) => (p.displayName ? p : { ...p, displayName: me.data?.user.name ?? '' }));
  }, [me.data]);

  const join = useMutation({
    mutationFn: () => api<{ communityId: string; joined: boolean; welcomeGift?: { title: string } | null }>(`/api/invites/${encodeURIComponent(code)}/join`, {
      body: { ...(isUuid(from ?? undefined) ? { invitedBy: from } : {}), displayName: profile.displayName.trim(), doorNumber: profile.doorNumber.trim() },
    }),
    onSuccess: async (res) => {
      rememberCommunity(res.communityId);
      await queryClient.invalidateQueries({ queryKey: meKeys.all });
      Toast.show({ icon: 'success', content: res.joined ? t('join.welcome', { name: invite.data?.name ?? '' }) : t('join.already') });
      // A fresh member with a welcome gift sees it first: the value of joining, then the community.
      navigate(res.joined && res.welcomeGift ? `/c/${res.communityId}/welcome` : `/c/${res.communityId}`, { replace: true });
    },
    onError: (err) => Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('join.failed') }),
  });

  const onJoin = () => {
    if (!invite.data) return;
    if (alreadyMember) {
      rememberCommunity(invite.data.id);
      navigate(`/c/${invite.data.id}`);
      return;
    }
    if (!me.data) {
      // Log in first, then come straight back here and finish joining without a second tap.
      try { sessionStorage.setItem(INTENT_KEY, code); } catch { /* ignore */ }
      const back = `/join/${code}${from ? `?from=${encodeURIComponent(from)}` : ''}`;
      navigate(`/login?next=${encodeURIComponent(back)}`);
      return;
    }
    if (!memberValuesValid(profile, limits)) {
      setShowErrors(true);
      fieldsRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      return;
    }
    join.mutate();
  };

  // Back from the login page with the intent to join: she still gives her name here, so show the form.
  const resumed = useRef(false);
  useEffect(() => {
    if (resumed.current || !invite.data || !me.data) return;
    let intent: string | null = null;
    try { intent = sessionStorage.getItem(INTENT_KEY); } catch { intent = null; }
    if (intent !== code) return;
    resumed.current = true;
    try { sessionStorage.removeItem(INTENT_KEY); } catch { /* ignore */ }
    if (alreadyMember) navigate(`/c/${invite.data.id}`, { replace: true });
    else fieldsRef.current?.scrollIntoView({ block: 'center' });
  }, [invite.data, me.data, code, alreadyMember, navigate]);

  if (invite.isError) {
    const invalid = invite.error instanceof ApiError && (invite.error.status === 404 || invite.error.status === 400);
    return (
      <div className="mobile-page r-page r-join">
        <div className="r-join-topbar"><span className="r-brand">{t('common:appName')}</span><LanguageSwitch /></div>
        {invalid ? (
          <ErrorBlock className="r-join-invalid" status="default" title={invite.error.message || t('join.invalidTitle')} description={t('join.invalidHint')}>
            <Button color="primary" fill="outline" onClick={() => navigate('/')}>{t('join.goHome')}</Button>
          </ErrorBlock>
        ) : (
          <PageError error={invite.error} onRetry={() => invite.refetch()} />
        )}
      </div>
    );
  }

  const c = invite.data;
  return (
    <div className="mobile-page r-page r-join">
      <div className="r-join-hero">
        <div className="r-join-topbar"><span className="r-brand">{t('common:appName')}</span><LanguageSwitch /></div>
        <JoinIllustration />
        <div className="r-join-invite">{alreadyMember ? t('join.memberAlready') : t('join.invited')}</div>
        {c ? (
          <>
            <h1 className="r-join-name" data-testid="community-name">{c.name}</h1>
            <div className="r-join-addr"><PinIcon size={14} /> {c.address}</div>
            <div className="r-join-members"><UsersIcon size={15} /> {t('join.members', { n: c.memberCount })}</div>
          </>
        ) : (
          <Skeleton.Paragraph lineCount={3} animated />
        )}
      </div>

      {c && (
        <div className="r-join-body">
          {c.welcomeGift && (
            <section className="r-card r-join-gift" data-testid="join-gift">
              <span className="r-join-gift-icon"><GiftIcon size={26} /></span>
              <div className="r-join-gift-text">
                <div className="r-join-gift-title">{t('join.gift', { title: c.welcomeGift.title })}</div>
                {c.welcomeGift.description && <div className="r-small r-muted">{c.welcomeGift.description}</div>}
              </div>
            </section>
          )}
          {me.data && !alreadyMember && (
            <section className="r-card r-join-profile" ref={fieldsRef} data-testid="join-profile">
              <h2 className="r-card-title">{t('members:join.title')}</h2>
              <MemberFields value={profile} onChange={setProfile} showErrors={showErrors} />
            </section>
          )}
          {c.leaders.length > 0 && (
            <section className="r-card">
              <h2 className="r-card-title">{t('join.leaders')}</h2>
              {c.leaders.map((l) => <LeaderCard key={l.userId} leader={l} />)}
            </section>
          )}

          <section className="r-card">
            <h2 className="r-card-title">{t('join.pickupTitle')}</h2>
            <div className="r-info-line"><PinIcon size={18} /><span>{c.pickupPointName}</span></div>
            <div className="r-info-line"><ClockIcon size={18} /><span>{t('join.hours', { hours: c.pickupHours })}</span></div>
          </section>

          <section className="r-card">
            <h2 className="r-card-title">{t('join.benefitsTitle')}</h2>
            <ul className="r-benefits">
              <li><LeafIcon size={18} /><span>{t('join.benefit1')}</span></li>
              <li><ClockIcon size={18} /><span>{t('join.benefit2')}</span></li>
              <li><ShieldIcon size={18} /><span>{t('join.benefit3')}</span></li>
            </ul>
          </section>
        </div>
      )}

      {c && (
        <div className="r-bottom-bar r-bottom-bar-join">
          <Button block color="primary" size="large" shape="rounded" loading={join.isPending || me.isPending} onClick={onJoin} data-testid="join-community">
            {alreadyMember ? t('join.enter') : t('join.button')}
          </Button>
          {!me.data && !me.isPending && <div className="r-bottom-hint">{t('join.loginHint')}</div>}
        </div>
      )}
    </div>
  );
}

function JoinIllustration() {
  return (
    <svg className="r-join-illu" viewBox="0 0 240 120" aria-hidden="true">
      <ellipse cx="120" cy="112" rx="110" ry="8" fill="rgba(255,255,255,.35)" />
      <rect x="28" y="46" width="56" height="64" rx="4" fill="#fff3e8" />
      <path d="M22 50 56 22l34 28z" fill="#ffd8a8" />
      <rect x="40" y="60" width="12" height="12" rx="2" fill="#ffa94d" /><rect x="60" y="60" width="12" height="12" rx="2" fill="#ffa94d" />
      <rect x="48" y="86" width="16" height="24" rx="2" fill="#e8590c" />
      <rect x="150" y="36" width="64" height="74" rx="4" fill="#fff3e8" />
      <path d="M144 40 182 10l38 30z" fill="#ffd8a8" />
      <rect x="162" y="52" width="12" height="12" rx="2" fill="#ffa94d" /><rect x="190" y="52" width="12" height="12" rx="2" fill="#ffa94d" />
      <rect x="162" y="74" width="12" height="12" rx="2" fill="#ffa94d" /><rect x="190" y="74" width="12" height="12" rx="2" fill="#ffa94d" />
      <rect x="174" y="92" width="16" height="18" rx="2" fill="#e8590c" />
      <path d="M120 58c-6-10-22-6-20 6 2 9 20 20 20 20s18-11 20-20c2-12-14-16-20-6z" fill="#fff" />
      <circle cx="104" cy="100" r="6" fill="#fff" /><rect x="99" y="104" width="10" height="6" rx="3" fill="#fff" />
      <circle cx="136" cy="100" r="6" fill="#fff" /><rect x="131" y="104" width="10" height="6" rx="3" fill="#fff" />
    </svg>
  );
}
