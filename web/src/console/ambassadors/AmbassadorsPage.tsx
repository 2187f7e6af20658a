import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Drawer, Form, Input, InputNumber, Modal, Segmented, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { api, ApiError } from '../../shared/api';
import './ambassadors.css';
import { ambassadorKeys, type AmbassadorFacts, type AmbassadorQueueItem, type AmbassadorSettingsCampaign } from '../../shared/ambassadors';
import { trainingKeys } from '../../shared/query-keys';

type Status = 'applied' | 'approved' | 'rejected' | 'revoked';
const STATUS_COLOR: Record<Status, string> = { applied: 'processing', approved: 'green', rejected: 'default', revoked: 'red' };

/** /console/ambassadors — campaign ambassador applications (with the facts) and each campaign's rule, course and first-launch window. */
export default function AmbassadorsPage() {
  const { t } = useTranslation('ambassadors');
  return (
    <div className="console-panel">
      <Tabs items={[
        { key: 'queue', label: t('console.queueTab'), children: <Queue /> },
        { key: 'settings', label: t('console.settingsTab'), children: <SettingsList /> },
      ]} />
    </div>
  );
}

export function FactsCell({ facts }: { facts: AmbassadorFacts }) {
  const { t } = useTranslation('ambassadors');
  return (
    <div className="cell-sub" data-testid="facts">
      {t('facts.tier')}：{t(`tiers.${facts.tier}`, { defaultValue: facts.tier })} · {t('facts.trust_index')}：{facts.trust_index}<br />
      {t('facts.course_passed')}：{facts.course_passed ? t('yes') : t('no')} · {t('facts.upheld_complaints_90d')}：{facts.upheld_complaints_90d}
    </div>
  );
}

function Queue() {
  const { t, i18n } = useTranslation('ambassadors');
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [status, setStatus] = useState<Status>('applied');
  const list = useQuery({ queryKey: ambassadorKeys.queue(status), queryFn: () => api<{ items: AmbassadorQueueItem[] }>(`/api/console/ambassador-applications?status=${status}`) });
  const [deciding, setDeciding] = useState<{ item: AmbassadorQueueItem; action: 'approve' | 'reject' | 'revoke' } | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const act = useMutation({
    mutationFn: ({ item, action }: { item: AmbassadorQueueItem; action: 'approve' | 'reject' | 'revoke' }) => action === 'revoke'
      ? api(`/api/console/ambassador-applications/${item.id}/revoke`, { method: 'POST', body: { reason } })
      : api(`/api/console/ambassador-applications/${item.id}/decision`, { method: 'POST', body: { decision: action, reason } }),
    onSuccess: (_, v) => {
      message.success(t(`console.done.${v.action}`, { name: v.item.leaderName }));
      setDeciding(null);
      void qc.invalidateQueries({ queryKey: ambassadorKeys.all });
    },
    onError: (err) => setError(err instanceof ApiError ? err.message : String(err)),
  });
  const open = (item: AmbassadorQueueItem, action: 'approve' | 'reject' | 'revoke') => { setDeciding({ item, action }); setReason(''); setError(null); };

  return (
    <>
      <Segmented<Status> value={status} onChange={setStatus} style={{ marginBottom: 12 }}
        options={(['applied', 'approved', 'rejected', 'revoked'] as Status[]).map((s) => ({ value: s, label: t(`status.${s}`) }))} />
      {list.isError && <Alert type="error" showIcon title={(list.error as Error).message} style={{ marginBottom: 12 }} />}
      <Table<AmbassadorQueueItem> rowKey="id" loading={list.isPending} dataSource={list.data?.items ?? []} pagination={false}
        locale={{ emptyText: t(`console.empty.${status}`) }} data-testid="ambassador-queue"
        columns={[
          { title: t('console.leader'), key: 'leader', width: 170, render: (_, a) => <><Typography.Text strong translate="no">{a.leaderName}</Typography.Text><div className="cell-sub">{a.communityName}</div></> },
          { title: t('console.campaign'), key: 'campaign', width: 150, render: (_, a) => (en ? a.campaignNameEn : a.campaignNameZh) },
          { title: t('console.factsAtApplication'), key: 'facts', render: (_, a) => (
            <>
              <FactsCell facts={a.facts} />
              <ul className="ambassador-parts">{a.verdict.parts.map((p, i) => <li key={i} className={p.holds ? 'ok' : 'no'}>{p.holds ? '✓' : '✗'} {p.text}</li>)}</ul>
            </>
          ) },
          { title: t('console.applied'), key: 'appliedAt', width: 150, render: (_, a) => new Date(a.appliedAt).toLocaleString(i18n.language) },
          { title: t('console.status'), key: 'status', width: 180, render: (_, a) => (
            <>
              <Tag color={STATUS_COLOR[a.status]}>{t(`status.${a.status}`)}</Tag>
              {(a.revokeReason ?? a.decisionReason) ? <div className="cell-sub">{a.revokeReason ?? a.decisionReason}</div> : null}
            </>
          ) },
          { title: '', key: 'act', width: 170, render: (_, a) => a.status === 'applied' ? (
            <Space>
              <Button type="primary" size="small" onClick={() => open(a, 'approve')} data-testid="approve">{t('console.approve')}</Button>
              <Button size="small" onClick={() => open(a, 'reject')}>{t('console.reject')}</Button>
            </Space>
          ) : a.status === 'approved' ? <Button size="small" danger onClick={() => open(a, 'revoke')}>{t('console.revoke')}</Button> : null },
        ]} />
      <Modal open={!!deciding} title={deciding ? t(`console.confirm.${deciding.action}`, { name: deciding.item.leaderName }) : ''}
        okText={deciding ? t(`console.${deciding.action}`) : ''} okButtonProps={{ danger: deciding?.action !== 'approve', loading: act.isPending }}
        onOk={() => deciding && act.mutate(deciding)} onCancel={() => setDeciding(null)} destroyOnHidden>
        {deciding?.action === 'approve' && <Typography.Paragraph type="secondary">{t('console.recheckNote')}</Typography.Paragraph>}
        <Input.TextArea rows={3} maxLength={200} showCount value={reason} onChange={(e) => setReason(e.target.value)}
          placeholder={deciding?.action === 'approve' ? t('console.reasonOptional') : t('console.reasonRequired')} />
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="decision-error" />}
      </Modal>
    </>
  );
}

type Course = { id: string; title: string; status: string };

function SettingsList() {
  const { t, i18n } = useTranslation('ambassadors');
  const en = i18n.language === 'en';
  const list = useQuery({ queryKey: ambassadorKeys.settings(), queryFn: () => api<{ items: AmbassadorSettingsCampaign[] }>('/api/console/campaigns/ambassador-settings') });
  const courses = useQuery({ queryKey: trainingKeys.consoleCourses(), queryFn: () => api<{ items: Course[] }>('/api/console/courses') });
  const [editing, setEditing] = useState<AmbassadorSettingsCampaign | null>(null);
  const courseTitle = (id: string | null) => (id ? courses.data?.items.find((c) => c.id === id)?.title ?? '—' : t('console.noCourse'));
  return (
    <>
      {list.isError && <Alert type="error" showIcon title={(list.error as Error).message} />}
      <Table<AmbassadorSettingsCampaign> rowKey="id" loading={list.isPending} dataSource={list.data?.items ?? []} pagination={false}
        locale={{ emptyText: t('console.noCampaigns') }}
        columns={[
          { title: t('console.campaign'), key: 'name', width: 190, render: (_, c) => <><Typography.Text strong>{en ? c.nameEn : c.nameZh}</Typography.Text><div className="cell-sub">{c.startsOn} – {c.endsOn}</div></> },
          { title: t('console.rule'), key: 'rule', render: (_, c) => <><div>{c.settings.ruleText}</div><code className="cell-sub">{c.settings.rule}</code></> },
          { title: t('console.course'), key: 'course', width: 180, render: (_, c) => courseTitle(c.settings.courseId) },
          { title: t('console.window'), key: 'window', width: 170, render: (_, c) => c.settings.firstLaunchDays
            ? <>{t('console.windowDays', { n: c.settings.firstLaunchDays })}<div className="cell-sub">{t('console.windowEnds', { at: new Date(c.settings.firstLaunchEndsAt!).toLocaleString(i18n.language, { timeZone: 'Asia/Shanghai', hourCycle: 'h23' }) })}</div></>
            : t('console.noWindow') },
          { title: '', key: 'edit', width: 80, render: (_, c) => c.status !== 'closed' ? <Button type="link" onClick={() => setEditing(c)} data-testid="edit-settings">{t('console.edit')}</Button> : null },
        ]} />
      <Drawer open={!!editing} size={Math.min(720, window.innerWidth - 16)} onClose={() => setEditing(null)} destroyOnHidden
        title={editing ? t('console.editTitle', { name: en ? editing.nameEn : editing.nameZh }) : ''}>
        {editing && <SettingsEditor campaign={editing} courses={(courses.data?.items ?? []).filter((c) => c.status === 'published')} onDone={() => setEditing(null)} />}
      </Drawer>
    </>
  );
}

type SettingsForm = { rule: string; courseId: string | null; firstLaunchDays: number };

function SettingsEditor({ campaign, courses, onDone }: { campaign: AmbassadorSettingsCampaign; courses: Course[]; onDone: () => void }) {
  const { t } = useTranslation('ambassadors');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<SettingsForm>();
  const rule = Form.useWatch('rule', form) ?? campaign.settings.rule;
  const [ruleError, setRuleError] = useState<{ message: string; position: number | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement | null>(null);
  const save = useMutation({
    mutationFn: (v: SettingsForm) => api(`/api/console/campaigns/${campaign.id}/ambassador-settings`, { method: 'PUT', body: { ...v, courseId: v.courseId ?? null, firstLaunchDays: v.firstLaunchDays ?? 0 } }),
    onSuccess: () => { message.success(t('console.saved')); void qc.invalidateQueries({ queryKey: ambassadorKeys.all }); onDone(); },
    onError: (err) => {
      const code = err instanceof ApiError ? err.code : '';
      if (code === 'campaign.ambassador_rule_syntax' || code === 'campaign.ambassador_rule_unknown_fact') {
        // The server counts characters from 1.
        const position = err instanceof ApiError && typeof err.details.position === 'number' ? err.details.position : null;
        setRuleError({ message: err.message, position });
        if (position !== null) requestAnimationFrame(() => { const el = textarea.current; if (el) { el.focus(); el.setSelectionRange(position - 1, Math.min(position, el.value.length)); } });
      } else setError(err instanceof Error ? err.message : String(err));
    },
  });
  const pos = ruleError?.position ?? null;
  const help = ruleError ? (
    <div data-testid="ambassador-rule-error">
      <div>{ruleError.message}</div>
      {pos !== null && <pre className="rule-caret" aria-label={t('console.errorAt', { position: pos })}>{rule.slice(0, pos - 1)}<mark>{rule.slice(pos - 1, pos) || ' '}</mark>{rule.slice(pos)}</pre>}
    </div>
  ) : undefined;
  return (
    <Form<SettingsForm> form={form} layout="vertical" className="rule-editor-form" onFinish={(v) => { setRuleError(null); setError(null); save.mutate(v); }}
      initialValues={{ rule: campaign.settings.rule, courseId: campaign.settings.courseId, firstLaunchDays: campaign.settings.firstLaunchDays }}>
      <Form.Item name="rule" label={t('console.rule')} validateStatus={ruleError ? 'error' : undefined} help={help} extra={t('console.ruleHelp')}>
        <Input.TextArea ref={(r) => { textarea.current = r?.resizableTextArea?.textArea ?? null; }} rows={3} spellCheck={false} data-testid="ambassador-rule" onChange={() => setRuleError(null)} />
      </Form.Item>
      <Card size="small" title={t('console.factsTitle')} style={{ marginBottom: 16 }}>
        {campaign.settings.facts.map((f) => <div key={f.name} className="cell-sub"><code>{f.name}</code> — {f.label}：{f.description}</div>)}
      </Card>
      <Form.Item name="courseId" label={t('console.course')} extra={t('console.courseHelp')}>
        <Select allowClear placeholder={t('console.noCourse')} options={courses.map((c) => ({ value: c.id, label: c.title }))} />
      </Form.Item>
      <Form.Item name="firstLaunchDays" label={t('console.window')} extra={t('console.windowHelp')}>
        <InputNumber min={0} max={90} addonAfter={t('console.days')} />
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Space><Button onClick={onDone}>{t('console.cancel')}</Button><Button type="primary" htmlType="submit" loading={save.isPending} data-testid="save-settings">{t('console.save')}</Button></Space>
    </Form>
  );
}
