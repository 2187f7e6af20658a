import { Suspense } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import '../../shared/messages/messages.css';

function Contact({ communityId, orderId }: { communityId: string; orderId?: string }) {
  const { t } = useTranslation('messages');
  return (
    <Link to={`/c/${communityId}/messages${orderId ? `?order=${orderId}` : ''}`} className="r-card msg-contact-button" data-testid="contact-leader">
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2Z" /></svg>
      {t('contactLeader')}
    </Link>
  );
}

/** 「联系团长」: opens her private conversation with the leaders, this order attached when given. */
export function ContactLeaderLink(props: { communityId: string; orderId?: string }) {
  return <Suspense fallback={null}><Contact {...props} /></Suspense>;
}
