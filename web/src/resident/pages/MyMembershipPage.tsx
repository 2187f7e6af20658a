import { useEffect, useState } from 'react';
import { Button, Skeleton, Toast } from 'antd-mobile';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import { useLimits } from '../../shared/limits';
import type { Me } from '../../shared/types';
import { communityOf } from '../lib/community';
import { isUuid } from '../lib/api';
import { useMyMembership, useUpdateMyMembership } from '../lib/members';
import { ErrorView } from '../components/ErrorView';
import { MemberFields, memberValuesValid, type MemberValues } from '../components/MemberFields';
import { MobilePage, useTitle } from '../components/Page';
import { NotFound } from './NotFound';
import { named } from '../../shared/names';

/** /c/:communityId/me — her name and 门牌 in this community: she changes them here. */
export default function MyMembershipPage() {
  const { communityId } = useParams();
  if (!isUuid(communityId)) return <NotFound kind="community" />;
  return <RequireLogin>{(me) => <MyMembership me={me} communityId={communityId} />}</RequireLogin>;
}

function MyMembership({ me, communityId }: { me: Me; communityId: string }) {
  const { t } = useTranslation('members');
  useTitle(t('mine.title'));
  const limits = useLimits().members;
  const mine = useMyMembership(communityId);
  const save = useUpdateMyMembership(communityId);
  const [values, setValues] = useState<MemberValues | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  useEffect(() => {
    if (mine.data && !values) setValues({ displayName: mine.data.displayName, doorNumber: mine.data.doorNumber });
  }, [mine.data, values]);
  const community = communityOf(me, communityId);

  const onSave = () => {
    if (!values) return;
    if (!memberValuesValid(values, limits)) { setShowErrors(true); return; }
    save.mutate({ displayName: values.displayName.trim(), doorNumber: values.doorNumber.trim() }, {
      onSuccess: (data) => { setValues({ displayName: data.displayName, doorNumber: data.doorNumber }); Toast.show({ icon: 'success', content: t('mine.saved') }); },
      onError: (err) => Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : String(err) }),
    });
  };

  return (
    <MobilePage title={t('mine.title')} back="/orders">
      {mine.isError ? (
        <ErrorView error={mine.error} onRetry={() => mine.refetch()} />
      ) : !values ? (
        <div className="r-card"><Skeleton.Paragraph lineCount={4} animated /></div>
      ) : (
        <section className="r-card r-join-profile" data-testid="my-membership">
          <p className="r-small r-muted">{named(t, 'mine.intro', { community: community?.name ?? '' })}</p>
          <MemberFields value={values} onChange={setValues} showErrors={showErrors} />
          <Button block color="primary" size="large" shape="rounded" loading={save.isPending} onClick={onSave} data-testid="save-membership">{t('mine.save')}</Button>
        </section>
      )}
    </MobilePage>
  );
}
