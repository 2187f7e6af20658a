import { Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { GroupBuyStatus, OrderStatus } from '../../shared/types';

const orderColors: Record<OrderStatus, string> = {
  pending_payment: 'warning',
  paid: 'primary',
  confirmed: 'primary',
  ready_for_pickup: 'success',
  picked_up: 'default',
  cancelled: 'default',
  refunded: 'default',
};

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return <Tag color={orderColors[status]} fill={status === 'ready_for_pickup' ? 'solid' : 'outline'} round className="r-status-tag">{t(`status.${status}`)}</Tag>;
}

const groupBuyColors: Record<GroupBuyStatus, string> = {
  scheduled: '#1677ff',
  open: 'primary',
  closed: 'default',
  arrived: 'success',
  cancelled: 'default',
};

export function GroupBuyStatusTag({ status, soldOut }: { status: GroupBuyStatus; soldOut?: boolean }) {
  const { t } = useTranslation(['resident', 'common']);
  if (soldOut && status === 'open') return <Tag color="danger" fill="solid" className="r-status-tag">{t('card.soldOut')}</Tag>;
  return <Tag color={groupBuyColors[status]} fill={status === 'open' ? 'solid' : 'outline'} className="r-status-tag">{t(`common:groupBuyStatus.${status}`)}</Tag>;
}
