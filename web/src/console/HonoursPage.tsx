import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert, App, Button, Drawer, Empty, Form, Input, Modal, Radio, Select, Skeleton, Space, Switch, Table, Tag, Tooltip, Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ApiError, api } from '../shared/api';
import { useFactInsertion } from './ruleEditing';
import { formatDateTime } from './trustData';
import type { ConsoleCommunity } from './types';
import {
  factsMentioned, type RuleCheck, formatDate,
  type Honour, type HonourFact, type HonourGrant, type HonoursResponse, type LeaderFacts,
} from './training';
import { communityKeys, trainingKeys } from '../shared/query-keys';
import { useLimits } from '../shared/limits';

interface LeaderOption { id: string; name: string; communities: { id: string; name: string }[] }
type FactsOf = { id: string; name: string } | null;

/** Everyone who leads a community, with the communities he leads (from the operator's community list). */
function useLeaders() {
  const communities = useQuery({ queryKey: communityKeys.list(), queryFn: () => api<{ items: ConsoleCommunity[] }>('/api/communities') });
  const leaders = useMemo(() => {
    const byId = new Map<string, LeaderOption>();
    for (const c of communities.data?.items ?? []) {
      for (const l of c.leaders) {
        const row = byId.get(l.userId) ?? { id: l.userId, name: l.name, communities: [] };
        row.communities.push({ id: c.id, name: c.name });
        byId.set(l.userId, row);
      }
    }
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }, [communities.data]);
  return { leaders, loading: communities.isPending, error: communities.error };
}

/** 荣誉: honours leaders earn by a rule over their facts (evaluated daily, or now) or are granted by hand with a reason. */
export function HonoursPage() {
  const { t, i18n } = useTranslation('console');
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Honour | 'new' | null>(null);
  const [grantsOf, setGrantsOf] = useState<Honour | null>(null);
  const [evaluated, setEvaluated] = useState<{ honours: number; granted: number; at: string } | null>(null);
  const honours = useQuery({ queryKey: trainingKeys.honoursList(i18n.language), queryFn: () => api<HonoursResponse>('/api/console/honours') });
  const facts = honours.data?.facts ?? [];

  const toggle = useMutation({
    mutationFn: (h: Honour) => api<Honour>(`/api/console/honours/${h.id}`, { method: 'PATCH', body: { active: !h.active } }),
    onSuccess: async (h) => {
      await queryClient.invalidateQueries({ queryKey: trainingKeys.honours() });
      message.success(t(h.active ? 'honours.toggle.onDone' : 'honours.toggle.offDone', { name: h.name }));
    },
    onError: (err) => message.error(err.message),
  });

  const confirmToggle = (h: Honour) => {
    if (!h.active) { toggle.mutate(h); return; }
    modal.confirm({
      title: t('honours.toggle.offTitle', { name: h.name }),
      content: t('honours.toggle.offBody', { n: h.activeGrants }),
      okText: t('honours.toggle.offOk'), okButtonProps: { danger: true, ...({ 'data-testid': 'honour-toggle-ok' } as object) },
      cancelText: t('cancel', { ns: 'common' }),
      onOk: () => toggle.mutateAsync(h).catch(() => undefined),
    });
  };

  const evaluate = useMutation({
    mutationFn: () => api<{ honours: number; granted: number }>('/api/console/honours/evaluate', { method: 'POST' }),
    onSuccess: async (r) => {
      setEvaluated({ ...r, at: new Date().toISOString() });
      await queryClient.invalidateQueries({ queryKey: trainingKeys.honours() });
    },
    onError: (err) => message.error(err.message),
  });

  const columns: ColumnsType<Honour> = [
    {
      title: t('honours.col.name'), dataIndex: 'name', width: 168,
      render: (v: string, h) => (
        <div>
          <Typography.Text strong>{v}</Typography.Text>
          {h.description && <Tooltip title={h.description} placement="topLeft"><div className="cell-sub cell-clamp">{h.description}</div></Tooltip>}
        </div>
      ),
    },
    {
      title: t('honours.col.rule'), key: 'rule',
      render: (_, h) => (h.rule ? (
        <div>
          <div className="rule-reading" data-testid="honour-rule-text">{h.ruleText ?? h.rule}</div>
          <Tooltip title={<code>{h.rule}</code>} placement="topLeft"><code className="rule-code rule-code-sm cell-clamp">{h.rule}</code></Tooltip>
        </div>
      ) : <Tag className="honour-manual-tag" data-testid="honour-manual">{t('honours.manual')}</Tag>),
    },
    {
      title: t('honours.col.active'), dataIndex: 'active', width: 72, align: 'center',
      render: (_: boolean, h) => (
        <Switch size="small" checked={h.active} loading={toggle.isPending && toggle.variables?.id === h.id}
          onChange={() => confirmToggle(h)} aria-label={`${h.name} ${t('honours.col.active')}`} data-testid="honour-active" />
      ),
    },
    {
      title: <Tooltip title={t('honours.col.holdersHint')}><span className="kpi-title">{t('honours.col.holders')}</span></Tooltip>,
      dataIndex: 'activeGrants', width: 96, align: 'right',
      render: (n: number, h) => (
        <Button type="link" size="small" className="link-tight money" onClick={() => setGrantsOf(h)} data-testid="honour-holders">{t('honours.holdersN', { n })}</Button>
      ),
    },
    {
      title: t('honours.col.updatedAt'), dataIndex: 'updatedAt', width: 104, responsive: ['xl'],
      render: (v: string) => <Tooltip title={formatDateTime(v, i18n.language)}><span className="cell-sub cell-time">{formatDate(v, i18n.language)}</span></Tooltip>,
    },
    {
      title: t('actions'), key: 'actions', width: 100, fixed: 'right',
      render: (_, h) => (
        <Space orientation="vertical" size={0} align="start">
          <Button type="link" size="small" className="link-tight" onClick={() => setEditing(h)} data-testid="honour-edit">{t('edit')}</Button>
          <Button type="link" size="small" className="link-tight" onClick={() => setGrantsOf(h)} data-testid="honour-grants">{t('honours.grants')}</Button>
        </Space>
      ),
    },
  ];

  const ruled = (honours.data?.items ?? []).filter((h) => h.rule && h.active).length;

  return (
    <div className="console-panel">
      <div className="console-toolbar">
        <div style={{ maxWidth: 760 }}>
          <h2>{t('honours.title')}</h2>
          <div className="cell-sub">{t('honours.subtitle')}</div>
        </div>
        <Space wrap>
          <Tooltip title={t('honours.evaluateHint')}>
            <Button onClick={() => evaluate.mutate()} loading={evaluate.isPending} disabled={!honours.data} data-testid="honours-evaluate">{t('honours.evaluate')}</Button>
          </Tooltip>
          <Button type="primary" onClick={() => setEditing('new')} data-testid="honour-create">{t('honours.create')}</Button>
        </Space>
      </div>
      {evaluated && (
        <Alert
          type={evaluated.granted > 0 ? 'success' : 'info'} showIcon closable onClose={() => setEvaluated(null)} style={{ marginBottom: 16 }} data-testid="honours-evaluated"
          title={evaluated.honours === 0 ? t('honours.evaluated.noRules')
            : evaluated.granted > 0 ? t('honours.evaluated.granted', { honours: evaluated.honours, granted: evaluated.granted })
              : t('honours.evaluated.none', { honours: evaluated.honours })}
          description={t('honours.evaluated.note', { time: formatDateTime(evaluated.at, i18n.language) })}
        />
      )}
      {honours.isError ? (
        <Alert type="error" showIcon title={honours.error.message} action={<Button onClick={() => honours.refetch()}>{t('retry', { ns: 'common' })}</Button>} />
      ) : (
        <>
          <Table<Honour>
            className="aftersales-table" rowKey="id" loading={honours.isPending} dataSource={honours.data?.items} columns={columns}
            scroll={{ x: 720 }} pagination={false} rowClassName={(h) => (h.active ? '' : 'row-inactive')} data-testid="honours-table"
            locale={{ emptyText: <Empty description={t('honours.empty')} /> }}
          />
          {honours.data && <div className="cell-sub" style={{ marginTop: 10 }}>{t('honours.footer', { n: ruled })}</div>}
        </>
      )}
      <HonourEditor open={editing !== null} honour={editing === 'new' ? null : editing} facts={facts} onClose={() => setEditing(null)}
        onCreated={(h) => { if (h.rule) message.info(t('honours.editor.evaluateNext'), 5); }} />
      <GrantsDrawer honour={grantsOf ? (honours.data?.items.find((h) => h.id === grantsOf.id) ?? grantsOf) : null} facts={facts} onClose={() => setGrantsOf(null)} />
    </div>
  );
}

interface HonourValues { name: string; description: string; mode: 'rule' | 'manual'; rule: string }
interface RuleError { message: string; position: number | null }

const EXAMPLES = [
  'months_active >= 12 and courses_completed >= 1',
  "tier in ['gold', 'silver'] and endorsements >= 5",
  'trust_index >= 85',
  'communities_led >= 2 or months_active >= 24',
] as const;

function HonourEditor({ open, honour, facts, onClose, onCreated }: {
  open: boolean; honour: Honour | null; facts: HonourFact[]; onClose: () => void; onCreated: (h: Honour) => void;
}) {
  const { t } = useTranslation('console');
  const honourLimits = useLimits().honours;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<HonourValues>();
  const [ruleError, setRuleError] = useState<RuleError | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { textarea, selection, remember, insertFact } = useFactInsertion(form, 'rule', () => setRuleError(null));
  const rule: string = Form.useWatch('rule', form) ?? '';
  const mode: HonourValues['mode'] = Form.useWatch('mode', form) ?? 'rule';

  useEffect(() => {
    if (!open) return;
    setRuleError(null);
    setError(null);
    selection.current = null;
    form.resetFields();
    form.setFieldsValue(honour
      ? { name: honour.name, description: honour.description, mode: honour.rule ? 'rule' : 'manual', rule: honour.rule ?? '' }
      : { name: '', description: '', mode: 'rule', rule: '' });
  }, [open, honour, form]);

  const save = useMutation({
    mutationFn: (v: HonourValues) => {
      const ruleValue = v.mode === 'rule' ? v.rule.trim() : null;
      return honour
        ? api<Honour>(`/api/console/honours/${honour.id}`, { method: 'PATCH', body: { description: v.description.trim(), rule: ruleValue } })
        : api<Honour>('/api/console/honours', { body: { name: v.name.trim(), description: v.description.trim(), rule: ruleValue } });
    },
    onSuccess: async (h) => {
      await queryClient.invalidateQueries({ queryKey: trainingKeys.honours() });
      message.success(honour ? t('honours.editor.saved', { name: h.name }) : t('honours.editor.created', { name: h.name }));
      if (!honour) onCreated(h);
      onClose();
    },
    onError: (err) => {
      const code = err instanceof ApiError ? err.code : '';
      if (code === 'honour.syntax' || code === 'honour.unknown_fact') {
        // The server counts characters from 1.
        const position = err instanceof ApiError && typeof err.details.position === 'number' ? err.details.position : null;
        setRuleError({ message: err.message, position });
        if (position !== null) {
          requestAnimationFrame(() => {
            const el = textarea.current;
            if (el) { el.focus(); el.setSelectionRange(position - 1, Math.min(position, el.value.length)); }
          });
        }
      } else if (code === 'honour.name_invalid' || code === 'honour.name_taken') {
        form.setFields([{ name: 'name', errors: [err.message] }]);
      } else if (code === 'honour.description_too_long') {
        form.setFields([{ name: 'description', errors: [err.message] }]);
      } else {
        setError(err.message);
      }
    },
  });

  const applyExample = (example: string) => {
    form.setFieldsValue({ rule: example });
    setRuleError(null);
    selection.current = null;
  };

  // details.position is 1-based: the marked character is rule[position - 1].
  const pos = ruleError?.position ?? null;
  const help = ruleError ? (
    <div data-testid="honour-rule-error">
      <div>{ruleError.message}</div>
      {pos !== null && (
        <pre className="rule-caret" aria-label={t('honours.editor.errorAt', { position: pos })}>
          {rule.slice(0, pos - 1)}<mark>{rule.slice(pos - 1, pos) || ' '}</mark>{rule.slice(pos)}
        </pre>
      )}
    </div>
  ) : undefined;

  const changingRule = !!honour && mode === 'rule' && rule.trim() !== (honour.rule ?? '');

  return (
    <Drawer
      title={honour ? t('honours.editor.editTitle', { name: honour.name }) : t('honours.editor.createTitle')}
      open={open} onClose={onClose} size={Math.min(720, window.innerWidth - 16)} destroyOnHidden data-testid="honour-editor"
      extra={(
        <Space>
          <Button onClick={onClose}>{t('cancel', { ns: 'common' })}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="honour-save">{honour ? t('save') : t('honours.editor.create')}</Button>
        </Space>
      )}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form<HonourValues>
        form={form} layout="vertical" requiredMark={false} className="rule-editor-form"
        onFinish={(v) => { setError(null); setRuleError(null); save.mutate(v); }}
        onValuesChange={(changed: Partial<HonourValues>) => { if (('rule' in changed || 'mode' in changed) && ruleError) setRuleError(null); }}
      >
        <Form.Item name="name" label={t('honours.editor.name')} extra={honour ? t('honours.editor.nameFixed') : t('honours.editor.nameHint')}
          rules={[{ required: true, whitespace: true, message: t('required', { field: t('honours.editor.name') }) }, { max: honourLimits.name, message: t('maxLen', { n: honourLimits.name }) }]}>
          <Input maxLength={honourLimits.name} showCount disabled={!!honour} placeholder={t('honours.editor.namePlaceholder')} data-testid="honour-name" />
        </Form.Item>
        <Form.Item name="description" label={t('honours.editor.description')} extra={t('honours.editor.descriptionHint')}
          rules={[{ max: honourLimits.description, message: t('maxLen', { n: honourLimits.description }) }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={honourLimits.description} showCount placeholder={t('honours.editor.descriptionPlaceholder')} data-testid="honour-description" />
        </Form.Item>
        <Form.Item name="mode" label={t('honours.editor.how')}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="honour-mode"
            options={[{ value: 'rule', label: t('honours.editor.byRule') }, { value: 'manual', label: t('honours.editor.byHand') }]} />
        </Form.Item>
        {mode === 'manual' ? (
          <>
            <Alert type="info" showIcon title={t('honours.editor.manualHint')} style={{ marginBottom: 16 }} />
            {honour?.rule && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('honours.editor.ruleChangeNote', { n: honour.activeGrants })} data-testid="honour-rule-change" />}
          </>
        ) : (
          <>
            <Form.Item name="rule" label={t('honours.editor.rule')} extra={ruleError ? undefined : t('honours.editor.ruleHint')}
              validateStatus={ruleError ? 'error' : undefined} help={help}
              rules={[{ required: true, whitespace: true, message: t('honours.editor.ruleRequired') }, { max: honourLimits.rule, message: t('maxLen', { n: honourLimits.rule }) }]}>
              <Input.TextArea
                className="rule-input" autoSize={{ minRows: 2, maxRows: 6 }} maxLength={honourLimits.rule} spellCheck={false}
                placeholder="months_active >= 12 and courses_completed >= 1" data-testid="honour-rule"
                onChange={(e) => remember(e.target)} onSelect={(e) => remember(e.currentTarget)} onFocus={(e) => remember(e.currentTarget)}
              />
            </Form.Item>
            {changingRule && (
              <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('honours.editor.ruleChangeNote', { n: honour?.activeGrants ?? 0 })} data-testid="honour-rule-change" />
            )}
            <div className="rule-help">
              <div className="rule-help-title">{t('honours.editor.facts')}</div>
              <div className="fact-grid" data-testid="honour-facts">
                {facts.map((f) => (
                  <Tooltip key={f.name} title={f.description} placement="top">
                    <button type="button" className="fact-chip" onClick={() => insertFact(f.name)} data-testid="honour-fact">
                      <code>{f.name}</code>
                      <span>{f.label}</span>
                    </button>
                  </Tooltip>
                ))}
              </div>
              <div className="rule-help-title">{t('honours.editor.syntax')}</div>
              <div className="cell-sub" style={{ marginBottom: 12 }}>{t('honours.editor.syntaxBody')}</div>
              <div className="rule-help-title">{t('honours.editor.examples')}</div>
              <div className="honour-examples">
                {EXAMPLES.map((ex) => (
                  <button type="button" key={ex} className="example-chip" onClick={() => applyExample(ex)}>
                    <code>{ex}</code>
                  </button>
                ))}
              </div>
            </div>
          </>
        )}
      </Form>
    </Drawer>
  );
}

// ------------------------------------------------------------------ grants

function GrantsDrawer({ honour, facts, onClose }: { honour: Honour | null; facts: HonourFact[]; onClose: () => void }) {
  const { t, i18n } = useTranslation('console');
  const [revoking, setRevoking] = useState<HonourGrant | null>(null);
  const [factsOf, setFactsOf] = useState<FactsOf>(null);
  const [showRevoked, setShowRevoked] = useState(true);
  const grants = useQuery({
    queryKey: trainingKeys.grants(honour?.id ?? null, i18n.language), enabled: !!honour,
    queryFn: () => api<{ items: HonourGrant[] }>(`/api/console/honours/${honour!.id}/grants`),
  });
  const labels = new Map(facts.map((f) => [f.name, f.label]));
  const items = grants.data?.items ?? [];
  const standing = items.filter((g) => !g.revokedAt).length;
  const rows = showRevoked ? items : items.filter((g) => !g.revokedAt);

  const columns: ColumnsType<HonourGrant> = [
    {
      title: t('honours.grant.leader'), dataIndex: 'leaderName', width: 130,
      render: (v: string, g) => (
        <div>
          <Typography.Text strong>{v || t('honours.grant.unknownLeader')}</Typography.Text>
          <div>
            <Button type="link" size="small" className="link-tight" onClick={() => setFactsOf({ id: g.leaderId, name: g.leaderName })} data-testid="grant-facts">
              {t('honours.grant.viewFacts')}
            </Button>
          </div>
        </div>
      ),
    },
    {
      title: t('honours.grant.community'), dataIndex: 'communityName', width: 120,
      render: (v: string | null) => (v ? <span>{v}</span> : <Tooltip title={t('honours.grant.allCommunitiesHint')}><span className="cell-sub">{t('honours.grant.allCommunities')}</span></Tooltip>),
    },
    {
      title: t('honours.grant.how'), dataIndex: 'byRule', width: 92,
      render: (byRule: boolean) => <Tag color={byRule ? 'blue' : 'orange'} data-testid="grant-how">{byRule ? t('honours.grant.byRule') : t('honours.grant.byHand')}</Tag>,
    },
    {
      title: t('honours.grant.reason'), dataIndex: 'reason',
      render: (v: string, g) => (
        <div>
          <div className="grant-reason">{v}</div>
          {g.byRule && g.facts && Object.keys(g.facts).length > 0 && (
            <div className="cell-sub">
              {t('honours.grant.factsThen', { facts: Object.entries(g.facts).map(([k, val]) => `${labels.get(k) ?? k} ${factValue(k, val, t)}`).join('、') })}
            </div>
          )}
          {g.revokedAt && (
            <div className="grant-revoked" data-testid="grant-revoked">
              {t('honours.grant.revokedLine', { time: formatDateTime(g.revokedAt, i18n.language), reason: g.revokeReason ?? '' })}
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('honours.grant.grantedAt'), dataIndex: 'grantedAt', width: 104,
      render: (v: string) => <Tooltip title={formatDateTime(v, i18n.language)}><span className="cell-time">{formatDate(v, i18n.language)}</span></Tooltip>,
    },
    {
      title: t('honours.grant.state'), key: 'state', width: 96,
      render: (_, g) => (g.revokedAt
        ? <Tag data-testid="grant-state">{t('honours.grant.revoked')}</Tag>
        : (
          <Space size={4} orientation="vertical" align="start">
            <Tag color="green" data-testid="grant-state">{t('honours.grant.standing')}</Tag>
            <Button type="link" size="small" danger className="link-tight" onClick={() => setRevoking(g)} data-testid="grant-revoke">{t('honours.grant.revoke')}</Button>
          </Space>
        )),
    },
  ];

  return (
    <Drawer
      title={honour ? t('honours.grant.title', { name: honour.name }) : ''}
      open={!!honour} onClose={onClose} size={Math.min(900, window.innerWidth - 16)} destroyOnHidden data-testid="honour-grants-drawer"
    >
      {honour && (
        <>
          <div className="honour-summary">
            {honour.description && <div className="honour-summary-desc">{honour.description}</div>}
            <div>
              {honour.rule
                ? <span><Tag color="blue">{t('honours.grant.byRule')}</Tag><span className="rule-reading">{honour.ruleText ?? honour.rule}</span></span>
                : <Tag className="honour-manual-tag">{t('honours.manual')}</Tag>}
            </div>
            {!honour.active && <Alert type="warning" showIcon style={{ marginTop: 10 }} title={t('honours.grant.inactive')} />}
          </div>

          <GrantForm honour={honour} onViewFacts={setFactsOf} />

          <div className="console-toolbar" style={{ marginTop: 20, marginBottom: 10 }}>
            <h3 style={{ margin: 0, fontSize: 15 }}>{t('honours.grant.listTitle', { standing, total: items.length })}</h3>
            <Space size={6}>
              <span className="cell-sub">{t('honours.grant.showRevoked')}</span>
              <Switch size="small" checked={showRevoked} onChange={setShowRevoked} />
            </Space>
          </div>
          {grants.isError ? (
            <Alert type="error" showIcon title={grants.error.message} action={<Button onClick={() => grants.refetch()}>{t('retry', { ns: 'common' })}</Button>} />
          ) : (
            <Table<HonourGrant>
              size="small" rowKey="id" loading={grants.isPending} dataSource={rows} columns={columns} scroll={{ x: 780 }}
              pagination={rows.length > 20 ? { pageSize: 20, size: 'small' } : false}
              rowClassName={(g) => (g.revokedAt ? 'row-inactive' : '')} data-testid="grants-table"
              locale={{ emptyText: <Empty description={t('honours.grant.empty')} /> }}
            />
          )}
          <RevokeModal grant={revoking} honour={honour} onClose={() => setRevoking(null)} />
          <LeaderFactsModal leader={factsOf} honour={honour} facts={facts} onClose={() => setFactsOf(null)} />
        </>
      )}
    </Drawer>
  );
}

interface GrantValues { leaderId?: string; communityId?: string | null; reason: string }

function GrantForm({ honour, onViewFacts }: { honour: Honour; onViewFacts: (l: FactsOf) => void }) {
  const { t } = useTranslation('console');
  const honourLimits = useLimits().honours;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<GrantValues>();
  const [error, setError] = useState<string | null>(null);
  const { leaders, loading, error: leadersError } = useLeaders();
  const leaderId = Form.useWatch('leaderId', form);
  const leader = leaders.find((l) => l.id === leaderId) ?? null;

  const grant = useMutation({
    mutationFn: (v: GrantValues) => api<HonourGrant>(`/api/console/honours/${honour.id}/grants`, {
      body: { leaderId: v.leaderId, communityId: v.communityId ?? null, reason: v.reason.trim() },
    }),
    onSuccess: async (g) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trainingKeys.grants(honour.id) }),
        queryClient.invalidateQueries({ queryKey: trainingKeys.honours() }),
      ]);
      message.success(t('honours.grant.granted', { name: honour.name, leader: g.leaderName }));
      form.resetFields();
    },
    onError: (err) => {
      const code = err instanceof ApiError ? err.code : '';
      if (code === 'honour.reason_required') form.setFields([{ name: 'reason', errors: [err.message] }]);
      else if (code === 'honour.already_granted') form.setFields([{ name: 'leaderId', errors: [err.message] }]);
      else if (code === 'honour.not_a_leader') form.setFields([{ name: form.getFieldValue('communityId') ? 'communityId' : 'leaderId', errors: [err.message] }]);
      else setError(err.message);
    },
  });

  return (
    <div className="grant-form" data-testid="grant-form">
      <div className="grant-form-title">{t('honours.grant.formTitle')}</div>
      {leadersError && <Alert type="error" showIcon title={leadersError.message} style={{ marginBottom: 12 }} />}
      <Form<GrantValues>
        form={form} layout="vertical" requiredMark={false} disabled={!honour.active}
        onFinish={(v) => { setError(null); grant.mutate(v); }} onValuesChange={(changed: Partial<GrantValues>) => {
          setError(null);
          if ('leaderId' in changed) form.setFieldValue('communityId', null);
        }}
      >
        <div className="grant-form-row">
          <Form.Item name="leaderId" className="grant-leader"
            label={(
              <span className="grant-leader-label">
                {t('honours.grant.leader')}
                <Button type="link" size="small" className="link-tight" disabled={!leader} onClick={(e) => { e.preventDefault(); if (leader) onViewFacts({ id: leader.id, name: leader.name }); }} data-testid="grant-form-facts">
                  {t('honours.grant.viewFacts')}
                </Button>
              </span>
            )}
            rules={[{ required: true, message: t('honours.grant.leaderRequired') }]}>
            <Select<string>
              showSearch={{ optionFilterProp: 'label' }} loading={loading} placeholder={t('honours.grant.leaderPlaceholder')} data-testid="grant-leader"
              options={leaders.map((l) => ({ value: l.id, label: `${l.name} · ${l.communities.map((c) => c.name).join('、')}` }))}
              notFoundContent={loading ? undefined : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('honours.grant.noLeaders')} />}
            />
          </Form.Item>
          <Form.Item name="communityId" label={t('honours.grant.communityOptional')} className="grant-community"
            extra={t('honours.grant.communityHint')}>
            <Select<string>
              allowClear disabled={!leader || !honour.active} placeholder={t('honours.grant.allCommunities')} data-testid="grant-community"
              options={(leader?.communities ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
        </div>
        <Form.Item name="reason" label={t('honours.grant.reason')} extra={t('honours.grant.reasonHint')}
          rules={[{
            validator: (_, v: string | undefined) => {
              const n = (v ?? '').trim().length;
              return n >= honourLimits.minReason && n <= honourLimits.reason ? Promise.resolve()
                : Promise.reject(new Error(t('honours.grant.reasonInvalid', { min: honourLimits.minReason, max: honourLimits.reason })));
            },
          }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={honourLimits.reason} showCount placeholder={t('honours.grant.reasonPlaceholder')} data-testid="grant-reason" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={grant.isPending} data-testid="grant-submit">{t('honours.grant.submit')}</Button>
      </Form>
    </div>
  );
}

function RevokeModal({ grant, honour, onClose }: { grant: HonourGrant | null; honour: Honour; onClose: () => void }) {
  const { t } = useTranslation('console');
  const honourLimits = useLimits().honours;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (grant) { form.resetFields(); setError(null); }
  }, [grant, form]);

  const revoke = useMutation({
    mutationFn: (reason: string) => api<HonourGrant>(`/api/console/honour-grants/${grant!.id}/revoke`, { body: { reason } }),
    onSuccess: async (g) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trainingKeys.grants(honour.id) }),
        queryClient.invalidateQueries({ queryKey: trainingKeys.honours() }),
      ]);
      message.success(t('honours.revoke.done', { name: honour.name, leader: g.leaderName }));
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'honour.revoke_reason_required') form.setFields([{ name: 'reason', errors: [err.message] }]);
      else setError(err.message);
    },
  });

  return (
    <Modal
      open={!!grant} onCancel={onClose} destroyOnHidden width={520} data-testid="revoke-modal"
      title={grant ? t('honours.revoke.title', { name: honour.name, leader: grant.leaderName }) : ''}
      okText={t('honours.revoke.ok')} okButtonProps={{ danger: true, loading: revoke.isPending, ...({ 'data-testid': 'revoke-ok' } as object) }}
      cancelText={t('cancel', { ns: 'common' })}
      onOk={() => form.validateFields().then((v) => { setError(null); revoke.mutate(v.reason.trim()); }).catch(() => undefined)}
    >
      {grant && (
        <>
          <p>{t('honours.revoke.body')}</p>
          {grant.byRule && <p className="text-warning">{t('honours.revoke.byRuleNote')}</p>}
          <Form form={form} layout="vertical" requiredMark={false}>
            <Form.Item name="reason" label={t('honours.revoke.reason')}
              rules={[{
                validator: (_, v: string | undefined) => {
                  const n = (v ?? '').trim().length;
                  return n >= honourLimits.minReason && n <= honourLimits.reason ? Promise.resolve()
                    : Promise.reject(new Error(t('honours.revoke.reasonInvalid', { min: honourLimits.minReason, max: honourLimits.reason })));
                },
              }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={honourLimits.reason} showCount placeholder={t('honours.revoke.reasonPlaceholder')} data-testid="revoke-reason" autoFocus />
            </Form.Item>
          </Form>
          {error && <Alert type="error" showIcon title={error} role="alert" />}
        </>
      )}
    </Modal>
  );
}

type TFn = (key: string, opts?: Record<string, unknown>) => string;

/** A fact's value as people read it: tiers by name, yes/no for booleans. */
function factValue(name: string, v: number | string | boolean | undefined, t: TFn): string {
  if (v === undefined || v === null) return '—';
  if (name === 'tier' && typeof v === 'string') return t(`honours.tiers.${v}`, { defaultValue: v });
  if (typeof v === 'boolean') return v ? t('honours.yes') : t('honours.no');
  return String(v);
}

/** A leader's facts as honour rules read them; with a rule, whether he meets it now and which part does not hold. */
function LeaderFactsModal({ leader, honour, facts, onClose }: { leader: FactsOf; honour: Honour; facts: HonourFact[]; onClose: () => void }) {
  const { t } = useTranslation('console');
  const { i18n } = useTranslation();
  // The server reads the rule against his facts: the same parser that grants the honour.
  const data = useQuery({
    queryKey: trainingKeys.leaderFacts(leader?.id, honour.id, i18n.language), enabled: !!leader,
    queryFn: () => api<{ leaderId: string; facts: LeaderFacts; check: RuleCheck | null }>(`/api/console/leaders/${leader!.id}/facts?honourId=${honour.id}`),
  });
  const values = data.data?.facts;
  const names = facts.map((f) => f.name);
  const check = data.data?.check ?? null;
  const used = check ? new Set(check.used) : factsMentioned(honour.rule, names);

  return (
    <Modal open={!!leader} onCancel={onClose} footer={<Button onClick={onClose}>{t('close')}</Button>} width={600} destroyOnHidden data-testid="leader-facts-modal"
      title={leader ? t('honours.factsModal.title', { name: leader.name || t('honours.grant.unknownLeader') }) : ''}>
      {data.isPending && <Skeleton active paragraph={{ rows: 6 }} />}
      {data.isError && <Alert type="error" showIcon title={data.error.message} action={<Button onClick={() => data.refetch()}>{t('retry', { ns: 'common' })}</Button>} />}
      {values && (
        <>
          {honour.rule && check && (
            <Alert
              type={check.holds ? 'success' : 'warning'} showIcon style={{ marginBottom: 14 }} data-testid="leader-facts-verdict"
              title={t(check.holds ? 'honours.factsModal.meets' : 'honours.factsModal.misses', { name: honour.name })}
              description={(
                <div>
                  {honour.ruleText && <div className="rule-reading">{honour.ruleText}</div>}
                  <div className="cell-sub" style={{ marginBottom: 4 }}>
                    {check.joiner === 'or' ? t('honours.factsModal.anyPart') : check.joiner === 'and' ? t('honours.factsModal.everyPart') : t('honours.factsModal.rule')}
                  </div>
                  <ul className="rule-parts">
                    {check.parts.map((p, i) => (
                      <li key={i} className={p.holds ? 'holds' : 'fails'}>
                        <span className="rule-part-mark" aria-label={p.holds ? t('honours.yes') : t('honours.no')}>{p.holds ? '✓' : '✗'}</span>
                        <span>{p.text}</span>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            />
          )}
          {honour.rule && !check && <Alert type="info" showIcon style={{ marginBottom: 14 }} title={honour.ruleText ?? honour.rule} />}
          <table className="inputs-table facts-table" data-testid="leader-facts">
            <tbody>
              {facts.map((f) => (
                <tr key={f.name} className={used.has(f.name) ? 'fact-used' : ''}>
                  <th>
                    <div>{f.label}</div>
                    <div className="fact-name">{f.name}</div>
                  </th>
                  <td>
                    <div className="input-line"><span className="input-value">{factValue(f.name, values[f.name], t)}</span></div>
                    <div className="cell-sub">{f.description}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="cell-sub" style={{ marginTop: 10 }}>{t(honour.rule ? 'honours.factsModal.noteRule' : 'honours.factsModal.noteManual')}</div>
        </>
      )}
    </Modal>
  );
}
