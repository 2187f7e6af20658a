import { useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Tag, TextArea, Toast } from 'antd-mobile';
import { api } from '../shared/api';
import { PageError, PageLoading } from '../shared/states';
import { ActionError, LeaderPage, NotLeader, errorMessage, useLeaderOf } from './components';
import { IMAGE_TYPES, sendForm, textLength, type LeaderProfile } from './life';
import { Counter, LifeIcon, PlainText } from './lifeParts';
import { leaderKeys } from '../shared/query-keys';
import { useLimits } from '../shared/limits';

/** /leader/:communityId/profile — 我的主页: how residents see him, and his mission and photo to edit. */
export function ProfilePage() {
  const { communityId = '' } = useParams();
  const { community, me } = useLeaderOf(communityId);
  if (!community || !me) return <NotLeader />;
  return <Profile communityId={communityId} userId={me.user.id} />;
}

function Profile({ communityId, userId }: { communityId: string; userId: string }) {
  const { t, i18n } = useTranslation('leader');
  const navigate = useNavigate();
  const base = `/leader/${communityId}`;
  const profile = useQuery({
    queryKey: leaderKeys.profile(communityId, userId, i18n.language),
    queryFn: () => api<LeaderProfile>(`/api/communities/${communityId}/leaders/${userId}/profile`),
    retry: false,
  });
  return (
    <LeaderPage title={t('life.profile.navTitle')} communityId={communityId} back={base}
      right={<a className="nav-link" onClick={() => navigate(`${base}/training`)} data-testid="profile-training">{t('life.profile.training')}</a>}>
      {profile.isPending ? <PageLoading /> : profile.isError ? <PageError error={profile.error} onRetry={() => profile.refetch()} /> : (
        <>
          <PublicCard onAmbassador={() => navigate(`${base}/ambassador`)} p={profile.data} />
          <EditProfile key={`${profile.data.mission}|${profile.data.photoUrl}`} communityId={communityId} userId={userId} p={profile.data} />
        </>
      )}
    </LeaderPage>
  );
}

function PublicCard({ p, onAmbassador }: { p: LeaderProfile; onAmbassador?: () => void }) {
  const { t, i18n } = useTranslation('leader');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const day = (iso: string) => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso));
  return (
    <section className="profile-card" data-testid="profile-card">
      <div className="compose-step light">{t('life.profile.residentsSee')}</div>
      <div className="profile-top">
        {p.photoUrl ? <img className="profile-photo" src={p.photoUrl} alt={p.name} /> : <div className="profile-photo placeholder" aria-hidden="true"><LifeIcon.person /></div>}
        <div className="profile-who">
          <div className="profile-display" data-testid="profile-display-title">{p.displayTitle}</div>
          <div className="profile-facts">
            <span>{p.yearsInCommunity < 1 ? t('life.profile.yearsUnder1') : t('life.profile.years', { n: p.yearsInCommunity })}</span>
            <span>{t('life.profile.endorsements', { n: p.endorsements })}</span>
            <span>{t('life.profile.certificates', { n: p.certificates.length })}</span>
          </div>
        </div>
      </div>
      {p.mission ? <PlainText text={p.mission} className="profile-mission" /> : <p className="profile-mission empty">{t('life.profile.noMission')}</p>}
      <div className="profile-section" data-testid="profile-ambassador">
        {p.ambassadorships.map((a) => (
          <Tag key={a.campaignId} color="success" fill="solid" style={{ marginRight: 6 }}>{t('life.profile.ambassador', { name: a.name })}</Tag>
        ))}
        {onAmbassador && <a className="profile-ambassador-link" onClick={onAmbassador} data-testid="ambassador-link">{t('life.profile.ambassadorLink')} ›</a>}
      </div>
      {p.honours.length > 0 && (
        <div className="profile-section">
          <div className="profile-section-title">{t('life.profile.honours')}</div>
          {p.honours.map((h) => (
            <div key={`${h.name}-${h.grantedAt}`} className="honour">
              <Tag color="warning" fill="solid">{h.name}</Tag>
              <span className="honour-reason">{h.reason || h.description}</span>
            </div>
          ))}
        </div>
      )}
      {p.certificates.length > 0 && (
        <div className="profile-section">
          <div className="profile-section-title">{t('life.profile.certificatesTitle')}</div>
          {p.certificates.map((c) => (
            <div key={c.code} className="cert-line">
              <span className="cert-course">{c.courseTitle}</span>
              <span className="cert-code">{c.code}</span>
              <span className="muted">{day(c.completedAt)}</span>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

function EditProfile({ communityId, userId, p }: { communityId: string; userId: string; p: LeaderProfile }) {
  const { t, i18n } = useTranslation('leader');
  const limits = useLimits();
  const queryClient = useQueryClient();
  const [mission, setMission] = useState(p.mission);
  const [photo, setPhoto] = useState<File | null>(null);
  const [removePhoto, setRemovePhoto] = useState(false);
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!photo) { setPreview(null); return; }
    const url = URL.createObjectURL(photo);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [photo]);
  const n = textLength(mission);

  const save = useMutation({
    mutationFn: () => {
      const path = `/api/communities/${communityId}/leader-profile`;
      if (!photo) return api<LeaderProfile>(path, { method: 'PUT', body: { mission: mission.trim(), ...(removePhoto ? { removePhoto: true } : {}) } });
      const form = new FormData();
      form.append('mission', mission.trim());
      form.append('photo', photo, photo.name);
      return sendForm<LeaderProfile>('PUT', path, form);
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(leaderKeys.profile(communityId, userId, i18n.language), updated);
      // Copies in the other language (and what residents are shown) are stale now.
      void queryClient.invalidateQueries({ queryKey: leaderKeys.profiles(), predicate: (q) => q.queryKey.at(-1) !== i18n.language });
      Toast.show({ icon: 'success', content: t('life.profile.saved') });
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const pick = (f: File | undefined) => {
    if (!f) return;
    if (!IMAGE_TYPES.includes(f.type)) { Toast.show({ content: t('life.photos.notImage', { name: f.name }) }); return; }
    if (f.size > limits.files.imageBytes) { Toast.show({ content: t('life.photos.tooLarge', { name: f.name, mb: Math.round(limits.files.imageBytes / 1024 / 1024) }) }); return; }
    setPhoto(f);
    setRemovePhoto(false);
  };
  const submit = () => {
    setError(null);
    if (n > limits.leaderProfile.mission) { setError(t('life.profile.missionLong', { max: limits.leaderProfile.mission })); return; }
    save.mutate();
  };
  const shown = preview ?? (removePhoto ? null : p.photoUrl);

  return (
    <section className="compose-form">
      <div className="compose-step">{t('life.profile.edit')}</div>
      <div className="field">
        <span className="field-label">{t('life.profile.photo')}</span>
        <div className="photo-edit">
          {shown ? <img src={shown} alt="" className="profile-photo" /> : <div className="profile-photo placeholder" aria-hidden="true"><LifeIcon.person /></div>}
          <div className="photo-edit-buttons">
            <Button size="small" color="primary" fill="outline" onClick={() => input.current?.click()} data-testid="profile-photo-button">{shown ? t('life.profile.changePhoto') : t('life.profile.addPhoto')}</Button>
            {shown && <Button size="small" fill="none" onClick={() => { setPhoto(null); setRemovePhoto(true); }}>{t('life.profile.removePhoto')}</Button>}
          </div>
        </div>
        <input ref={input} type="file" accept="image/jpeg,image/png,image/webp" hidden data-testid="profile-photo" onChange={(e) => { pick(e.target.files?.[0]); e.target.value = ''; }} />
        <span className="field-hint">{t('life.profile.photoHint')}</span>
      </div>
      <label className="field">
        <span className="field-label">{t('life.profile.mission')}<Counter n={n} max={limits.leaderProfile.mission} /></span>
        <TextArea value={mission} onChange={setMission} placeholder={t('life.profile.missionPlaceholder')} autoSize={{ minRows: 3, maxRows: 6 }} data-testid="profile-mission" />
        <span className="field-hint">{t('life.profile.missionHint')}</span>
      </label>
      <ActionError message={error} />
      <Button block color="primary" size="large" loading={save.isPending} onClick={submit} data-testid="profile-save">{t('life.profile.save')}</Button>
    </section>
  );
}
