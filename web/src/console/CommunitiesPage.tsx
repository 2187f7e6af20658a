import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, AutoComplete, Button, Drawer, Empty, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api } from '../shared/api';
import { copyText } from '../leader/lib';
import type { CommunityRecord, ConsoleCommunity, Member } from './types';
import { communityKeys } from '../shared/query-keys';

const TIME_ZONES = ['Asia/Shanghai', 'Asia/Chongqing', 'Asia/Urumqi', 'Asia/Hong_Kong', 'Asia/Macau', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'America/New_York'];
const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

export const formatDate = (iso: string, locale: string) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en' : 'zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

const isValidTimeZone = (tz: string) => {
  try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; }
};

type Dialog =
  | { kind: 'create' }
  | { kind: 'edit'; community: ConsoleCommunity }
  | { kind: 'leader'; community: ConsoleCommunity }
  | { kind: 'members'; community: ConsoleCommunity }
  | { kind: 'invite'; community: ConsoleCommunity }
  | null;

export function CommunitiesPage() {
  const { t, i18n } = useTranslation('console');
  const [dialog, setDialog] = useState<Dialog>(null);
  const communities = useQuery({ queryKey: communityKeys.list(), queryFn: () => api<{ items: ConsoleCommunity[] }>('/api/communities') });

  const columns: ColumnsType<ConsoleCommunity> = [
    {
      title: t('communities.name'), key: 'name', width: 240,
      render: (_, c) => <><Typography.Text strong>{c.name}</Typography.Text><div className="cell-sub">{c.address}</div></>,
    },
    {
      title: t('communities.pickupPoint'), key: 'pickup',
      render: (_, c) => <>{c.pickupPointName}<div className="cell-sub">{c.pickupPointAddress}</div><div className="cell-sub">{t('communities.hoursValue', { hours: c.pickupHours })} · {c.timeZone}</div></>,
    },
    {
      title: t('communities.leaders'), key: 'leaders', width: 190,
      render: (_, c) => c.leaders.length === 0 ? <Tag color="warning">{t('communities.noLeader')}</Tag> : (
        <Space orientation="vertical" size={2}>
          {c.leaders.map((l) => <span key={l.userId}><Typography.Text>{l.name}</Typography.Text>{l.title && <div className="cell-sub">{l.title}</div>}</span>)}
        </Space>
      ),
    },
    {
      title: t('communities.members'), dataIndex: 'memberCount', width: 110, align: 'right',
      sorter: (a, b) => a.memberCount - b.memberCount,
      render: (n: number, c) => <Button type="link" size="small" onClick={() => setDialog({ kind: 'members', community: c })}>{n}</Button>,
    },
    { title: t('communities.createdAt'), dataIndex: 'createdAt', width: 120, render: (v: string) => formatDate(v, i18n.language) },
    {
      title: t('actions'), key: 'actions', width: 210,
      render: (_, c) => (
        <Space size={4} wrap>
          <Button size="small" type="link" onClick={() => setDialog({ kind: 'edit', community: c })}>{t('edit')}</Button>
          <Button size="small" type="link" onClick={() => setDialog({ kind: 'leader', community: c })} data-testid="appoint-leader">{t('communities.appoint')}</Button>
          <Button size="small" type="link" onClick={() => setDialog({ kind: 'members', community: c })}>{t('communities.membersAction')}</Button>
          <Button size="small" type="link" onClick={() => setDialog({ kind: 'invite', community: c })}>{t('communities.invite')}</Button>
        </Space>
      ),
    },
  ];

  return (
    <div className="console-panel">
      <div className="console-toolbar">
        <h2>{t('communities.title')}</h2>
        <Button type="primary" onClick={() => setDialog({ kind: 'create' })} data-testid="create-community">{t('communities.create')}</Button>
      </div>
      {communities.isError ? (
        <Alert type="error" showIcon message={communities.error.message} action={<Button onClick={() => communities.refetch()}>{t('retry', { ns: 'common' })}</Button>} />
      ) : (
        <Table<ConsoleCommunity>
          rowKey="id"
          loading={communities.isPending}
          dataSource={communities.data?.items}
          columns={columns}
          scroll={{ x: 1000 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('communities.empty')} /> }}
        />
      )}
      <CommunityDrawer
        open={dialog?.kind === 'create' || dialog?.kind === 'edit'}
        community={dialog?.kind === 'edit' ? dialog.community : null}
        onClose={() => setDialog(null)}
      />
      {dialog?.kind === 'leader' && <AppointLeaderModal community={dialog.community} onClose={() => setDialog(null)} />}
      <MembersDrawer community={dialog?.kind === 'members' ? dialog.community : null} onClose={() => setDialog(null)} />
      {dialog?.kind === 'invite' && <InviteModal community={dialog.community} onClose={() => setDialog(null)} />}
    </div>
  );
}

interface CommunityForm {
  name: string; address: string; timeZone: string; pickupPointName: string; pickupPointAddress: string; hoursFrom: string; hoursTo: string;
}

function CommunityDrawer({ open, community, onClose }: { open: boolean; community: ConsoleCommunity | null; onClose: () => void }) {
  const { t } = useTranslation('console');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CommunityForm>();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setError(null);
    const [from, to] = (community?.pickupHours ?? '08:00-20:00').split('-');
    form.setFieldsValue({
      name: community?.name ?? '', address: community?.address ?? '', timeZone: community?.timeZone ?? 'Asia/Shanghai',
      pickupPointName: community?.pickupPointName ?? '', pickupPointAddress: community?.pickupPointAddress ?? '', hoursFrom: from, hoursTo: to,
    });
  }, [open, community, form]);

  const save = useMutation({
    mutationFn: (v: CommunityForm) => {
      const body = {
        name: v.name.trim(), address: v.address.trim(), timeZone: v.timeZone.trim(), pickupPointName: v.pickupPointName.trim(),
        pickupPointAddress: v.pickupPointAddress.trim(), pickupHours: `${v.hoursFrom}-${v.hoursTo}`,
      };
      return community
        ? api<CommunityRecord>(`/api/communities/${community.id}`, { method: 'PATCH', body })
        : api<CommunityRecord>('/api/communities', { body });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: communityKeys.list() });
      message.success(community ? t('saved') : t('communities.created'));
      onClose();
    },
    onError: (err) => setError(err.message),
  });

  const required = (label: string) => ({ required: true, whitespace: true, message: t('required', { field: label }) });

  return (
    <Drawer
      title={community ? t('communities.editTitle', { name: community.name }) : t('communities.createTitle')}
      open={open} onClose={onClose} size={480} destroyOnHidden
      extra={<Space><Button onClick={onClose}>{t('cancel', { ns: 'common' })}</Button><Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="community-submit">{t('save')}</Button></Space>}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => { setError(null); save.mutate(v); }} requiredMark="optional">
        <Form.Item name="name" label={t('communities.name')} rules={[required(t('communities.name')), { max: 50, message: t('maxLen', { n: 50 }) }]}>
          <Input placeholder={t('communities.namePlaceholder')} maxLength={50} data-testid="community-name" />
        </Form.Item>
        <Form.Item name="address" label={t('communities.address')} rules={[required(t('communities.address')), { max: 200, message: t('maxLen', { n: 200 }) }]}>
          <Input placeholder={t('communities.addressPlaceholder')} maxLength={200} data-testid="community-address" />
        </Form.Item>
        <Form.Item name="timeZone" label={t('communities.timeZone')} extra={t('communities.timeZoneHint')}
          rules={[required(t('communities.timeZone')), { validator: async (_, v: string) => { if (v && !isValidTimeZone(v.trim())) throw new Error(t('communities.timeZoneInvalid')); } }]}>
          <AutoComplete options={TIME_ZONES.map((z) => ({ value: z }))} />
        </Form.Item>
        <Form.Item name="pickupPointName" label={t('communities.pickupPointName')} rules={[required(t('communities.pickupPointName')), { max: 50, message: t('maxLen', { n: 50 }) }]}>
          <Input placeholder={t('communities.pickupPointNamePlaceholder')} maxLength={50} data-testid="community-pickup-name" />
        </Form.Item>
        <Form.Item name="pickupPointAddress" label={t('communities.pickupPointAddress')} rules={[required(t('communities.pickupPointAddress')), { max: 200, message: t('maxLen', { n: 200 }) }]}>
          <Input placeholder={t('communities.pickupPointAddressPlaceholder')} maxLength={200} data-testid="community-pickup-address" />
        </Form.Item>
        <Form.Item label={t('communities.pickupHours')} required extra={t('communities.pickupHoursHint')}>
          <Space.Compact block>
            <Form.Item name="hoursFrom" noStyle rules={[{ required: true, pattern: TIME_RE, message: t('communities.hoursInvalid') }]}>
              <Input type="time" style={{ width: '50%' }} aria-label={t('communities.hoursFrom')} />
            </Form.Item>
            <Form.Item name="hoursTo" noStyle dependencies={['hoursFrom']} rules={[
              { required: true, pattern: TIME_RE, message: t('communities.hoursInvalid') },
              ({ getFieldValue }) => ({ validator: async (_, v: string) => { const from = getFieldValue('hoursFrom'); if (v && from && v <= from) throw new Error(t('communities.hoursOrder')); } }),
            ]}>
              <Input type="time" style={{ width: '50%' }} aria-label={t('communities.hoursTo')} />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function AppointLeaderModal({ community, onClose }: { community: ConsoleCommunity; onClose: () => void }) {
  const { t } = useTranslation('console');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ phone: string; name: string; title: string }>();
  const [error, setError] = useState<string | null>(null);
  const appoint = useMutation({
    mutationFn: (v: { phone: string; name: string; title: string }) =>
      api<{ userId: string }>(`/api/communities/${community.id}/leaders`, { body: { phone: v.phone.replace(/[\s-]/g, ''), name: v.name.trim(), title: v.title.trim() } }),
    onSuccess: async (_, v) => {
      await queryClient.invalidateQueries({ queryKey: communityKeys.list() });
      await queryClient.invalidateQueries({ queryKey: communityKeys.members(community.id) });
      message.success(t('leader.done', { name: v.name.trim(), community: community.name }));
      onClose();
    },
    onError: (err) => setError(err.message),
  });
  return (
    <Modal open title={t('leader.title', { community: community.name })} onCancel={onClose} onOk={() => form.submit()}
      okText={t('leader.submit')} confirmLoading={appoint.isPending} destroyOnHidden okButtonProps={{ 'data-testid': 'appoint-submit' } as Record<string, string>}>
      <Typography.Paragraph type="secondary">{t('leader.hint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={{ title: t('leader.defaultTitle') }} onFinish={(v) => { setError(null); appoint.mutate(v); }}>
        <Form.Item name="phone" label={t('leader.phone')} rules={[
          { required: true, message: t('required', { field: t('leader.phone') }) },
          { pattern: /^\s*1\d{2}[\s-]?\d{4}[\s-]?\d{4}\s*$/, message: t('leader.phoneInvalid') },
        ]}>
          <Input inputMode="numeric" placeholder="13800000000" maxLength={13} data-testid="leader-phone" />
        </Form.Item>
        <Form.Item name="name" label={t('leader.name')} rules={[{ required: true, whitespace: true, message: t('required', { field: t('leader.name') }) }, { max: 20, message: t('maxLen', { n: 20 }) }]}>
          <Input placeholder={t('leader.namePlaceholder')} maxLength={20} data-testid="leader-name" />
        </Form.Item>
        <Form.Item name="title" label={t('leader.titleLabel')} extra={t('leader.titleHint')} rules={[{ max: 30, message: t('maxLen', { n: 30 }) }]}>
          <Input maxLength={30} data-testid="leader-title" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MembersDrawer({ community, onClose }: { community: ConsoleCommunity | null; onClose: () => void }) {
  const { t, i18n } = useTranslation('console');
  const members = useQuery({
    queryKey: communityKeys.members(community?.id),
    queryFn: () => api<{ items: Member[] }>(`/api/communities/${community!.id}/members`),
    enabled: !!community,
  });
  return (
    <Drawer title={community ? t('members.title', { community: community.name }) : ''} open={!!community} onClose={onClose} size={560}>
      {members.isError ? <Alert type="error" showIcon message={members.error.message} /> : (
        <Table<Member>
          rowKey="userId" size="middle" loading={members.isPending} dataSource={members.data?.items} pagination={{ pageSize: 50, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('members.empty')} /> }}
          columns={[
            { title: t('members.name'), dataIndex: 'name', render: (v: string) => v || <Typography.Text type="secondary">{t('members.noName')}</Typography.Text> },
            { title: t('members.phone'), dataIndex: 'phoneMasked' },
            { title: t('members.role'), dataIndex: 'role', render: (r: Member['role']) => r === 'leader' ? <Tag color="orange">{t('members.leader')}</Tag> : <Tag>{t('members.resident')}</Tag> },
            { title: t('members.joinedAt'), dataIndex: 'joinedAt', render: (v: string) => formatDate(v, i18n.language) },
          ]}
        />
      )}
    </Drawer>
  );
}

function InviteModal({ community, onClose }: { community: ConsoleCommunity; onClose: () => void }) {
  const { t } = useTranslation('console');
  const { message } = App.useApp();
  const invite = useQuery({
    queryKey: communityKeys.invite(community.id),
    queryFn: () => api<{ url: string; inviteCode: string; qrDataUrl: string }>(`/api/communities/${community.id}/invite`),
  });
  return (
    <Modal open title={t('invite.title', { community: community.name })} onCancel={onClose} footer={<Button onClick={onClose}>{t('close')}</Button>}>
      {invite.isPending ? <div className="console-center" style={{ minHeight: 240 }}>{t('loading', { ns: 'common' })}</div>
        : invite.isError ? <Alert type="error" showIcon message={invite.error.message} /> : (
          <div className="invite-box">
            <img src={invite.data.qrDataUrl} alt={t('invite.qrAlt')} />
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('invite.hint')}</Typography.Paragraph>
            <Space.Compact block>
              <Input readOnly value={invite.data.url} />
              <Button type="primary" onClick={async () => { const ok = await copyText(invite.data.url); if (ok) message.success(t('invite.copied')); else message.warning(t('invite.copyFailed')); }}>
                {t('invite.copy')}
              </Button>
            </Space.Compact>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('invite.code', { code: invite.data.inviteCode })}</Typography.Paragraph>
          </div>
        )}
    </Modal>
  );
}
