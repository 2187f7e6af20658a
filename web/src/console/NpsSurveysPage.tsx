import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Radio, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError } from '../shared/api';
import { formatDateTime } from './trustData';
import { useLimits } from '../shared/limits';
import { RoundsTable } from './surveys/RoundsTable';
import { useStartSurveyRound, useSurveyRounds } from './surveys/useSurveys';

export type SurveySubject = 'platform' | 'campaign';

/** GET /api/console/nps-surveys — a round, who could be asked, who was, who answered, and the NPS when there are enough answers. */
export interface SurveyRound {
  id: string; subjectType: SurveySubject; title: string; question: string;
  sampleSize: number; eligible: number; invited: number; responded: number; responseRate: number | null;
  opensAt: string; closesAt: string; createdAt?: string;
  n: number; promoters: number; passives: number; detractors: number;
  insufficient: boolean; minSample: number; nps: number | null; marginOfError95: number | null;
}

interface StartValues { subjectType: SurveySubject; title: string; sampleSize: number | null; closesAt: Dayjs | null }

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The server's limits: a round closes between 1 hour and 60 days from now. */
/** Server errors that belong to one field; the others are shown above the button. */
const FIELD_OF: Record<string, keyof StartValues> = {
  'survey.title_invalid': 'title', 'survey.sample_invalid': 'sampleSize', 'survey.closes_invalid': 'closesAt',
};

/**
 * The wording residents are asked, exactly as the server stores it with every answer (always in
 * Chinese: that is what residents read). The platform is 「邻里」; a campaign is asked about by its name.
 */
export function surveyQuestion(subjectType: SurveySubject, title: string) {
  const subject = subjectType === 'platform' ? '邻里' : `「${title.trim() || '…'}」`;
  return `你有多大可能把${subject}推荐给邻居或朋友？`;
}

/** NPS 调查: start a round (a random sample, confirmed first — it sends invitations) and follow the rounds' results. */
export function NpsSurveysPage() {
  const { t, i18n } = useTranslation('trust');
  const rounds = useSurveyRounds();
  const [lastStarted, setLastStarted] = useState<string | null>(null);

  return (
    <div className="surveys-page">
      <div className="console-panel">
        <div className="console-toolbar">
          <div>
            <h2>{t('surveys.title')}</h2>
            <div className="cell-sub">{t('surveys.subtitle')}</div>
          </div>
        </div>
        <StartRound onStarted={setLastStarted} />
      </div>

      <div className="console-panel">
        <div className="console-toolbar">
          <h3 style={{ margin: 0 }}>{t('surveys.rounds')}</h3>
          {rounds.data && <span className="cell-sub">{t('surveys.roundsHint', { min: rounds.data.items[0]?.minSample ?? 30 })}</span>}
        </div>
        {rounds.isError ? (
          <Alert type="error" showIcon title={rounds.error.message} action={<Button onClick={() => rounds.refetch()}>{t('retry')}</Button>} />
        ) : (
          <RoundsTable rows={rounds.data?.items ?? []} loading={rounds.isPending} locale={i18n.language} highlight={lastStarted} />
        )}
      </div>
    </div>
  );
}

function StartRound({ onStarted }: { onStarted: (id: string) => void }) {
  const { t, i18n } = useTranslation('trust');
  const limits = useLimits().surveys;
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<StartValues>();
  const [error, setError] = useState<string | null>(null);
  const subjectType = Form.useWatch('subjectType', form) ?? 'platform';
  const title = Form.useWatch('title', form) ?? '';
  const now = dayjs();
  const defaults: StartValues = {
    subjectType: 'platform',
    title: t('surveys.defaultTitle', { year: now.year(), month: now.month() + 1 }),
    sampleSize: 200,
    closesAt: now.add(7, 'day').startOf('hour'),
  };

  const start = useStartSurveyRound({
    onSuccess: (round) => {
      onStarted(round.id);
      message.success(t('surveys.started', { title: round.title, invited: round.invited, eligible: round.eligible }));
      if (round.invited < round.sampleSize) message.info(t('surveys.allEligibleInvited', { eligible: round.eligible, sample: round.sampleSize }), 6);
      form.setFieldsValue({ title: round.subjectType === 'platform' ? defaults.title : '' });
    },
    onError: (err) => {
      const field = err instanceof ApiError ? FIELD_OF[err.code] : undefined;
      if (field) form.setFields([{ name: field, errors: [err.message] }]);
      else setError(err.message);
    },
  });

  const submit = (v: StartValues) => {
    setError(null);
    if (v.closesAt && v.closesAt.valueOf() <= Date.now() + HOUR) {
      form.setFields([{ name: 'closesAt', errors: [t('surveys.closesInvalid')] }]);
      return;
    }
    modal.confirm({
      title: t('surveys.confirmTitle', { title: v.title.trim() }),
      width: 520,
      content: (
        <div data-testid="survey-confirm">
          <p>{t(v.subjectType === 'platform' ? 'surveys.confirmPlatform' : 'surveys.confirmCampaign', { n: v.sampleSize })}</p>
          <p>{t('surveys.confirmCloses', { time: formatDateTime(v.closesAt!.toISOString(), i18n.language) })}</p>
          <blockquote className="claim-quote">{surveyQuestion(v.subjectType, v.title)}</blockquote>
          <p className="cell-sub" style={{ marginTop: 8 }}>{t('surveys.confirmIrreversible')}</p>
        </div>
      ),
      okText: t('surveys.confirmOk'),
      okButtonProps: { ...({ 'data-testid': 'survey-confirm-ok' } as object) },
      cancelText: t('cancel', { ns: 'common' }),
      onOk: () => start.mutateAsync({ subjectType: v.subjectType, title: v.title.trim(), sampleSize: v.sampleSize, closesAt: v.closesAt!.toISOString() }).catch(() => undefined),
    });
  };

  const presets = [3, 7, 14, 30].map((d) => ({ label: t('surveys.inDays', { n: d }), value: dayjs().add(d, 'day').startOf('hour') }));

  return (
    <div className="survey-start">
      <Form<StartValues>
        form={form} layout="vertical" requiredMark={false} initialValues={defaults} onFinish={submit} data-testid="survey-form"
        onValuesChange={(changed: Partial<StartValues>) => {
          setError(null);
          // The platform round's name is a suggestion; a campaign is named by the operator.
          if (changed.subjectType === 'campaign' && form.getFieldValue('title') === defaults.title) form.setFieldValue('title', '');
          if (changed.subjectType === 'platform' && !String(form.getFieldValue('title') ?? '').trim()) form.setFieldValue('title', defaults.title);
        }}
      >
        <Form.Item name="subjectType" label={t('surveys.subject')}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="survey-subject"
            options={(['platform', 'campaign'] as const).map((s) => ({ value: s, label: t(`surveys.subjects.${s}`) }))} />
        </Form.Item>
        <Form.Item
          name="title" label={t('surveys.name')}
          extra={subjectType === 'campaign' ? t('surveys.nameCampaignHint') : t('surveys.namePlatformHint')}
          rules={[{ validator: (_, v: string) => { const n = (v ?? '').trim().length; return n >= limits.titleMin && n <= limits.titleMax ? Promise.resolve() : Promise.reject(new Error(t('surveys.nameInvalid'))); } }]}
        >
          <Input maxLength={limits.titleMax} showCount placeholder={t(`surveys.namePlaceholder.${subjectType}`)} data-testid="survey-title" />
        </Form.Item>
        <div className="survey-form-row">
          <Form.Item
            name="sampleSize" label={t('surveys.sampleSize')} extra={t('surveys.sampleHint')}
            rules={[{ validator: (_, v: number | null) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= limits.sampleMax ? Promise.resolve() : Promise.reject(new Error(t('surveys.sampleInvalid')))) }]}
          >
            <InputNumber<number> min={1} max={limits.sampleMax} precision={0} step={50} style={{ width: 160 }} suffix={t('surveys.people')} data-testid="survey-sample" />
          </Form.Item>
          <Form.Item
            name="closesAt" label={t('surveys.closesAt')} extra={t('surveys.closesHint')}
            rules={[{
              validator: (_, v: Dayjs | null) => (v && v.valueOf() > Date.now() + HOUR && v.valueOf() <= Date.now() + limits.closesWithinDays * DAY
                ? Promise.resolve() : Promise.reject(new Error(t('surveys.closesInvalid')))),
            }]}
          >
            <DatePicker
              showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowClear={false} presets={presets} style={{ width: 200 }}
              disabledDate={(d: Dayjs) => d.isBefore(dayjs(), 'day') || d.isAfter(dayjs().add(limits.closesWithinDays, 'day'), 'day')}
              data-testid="survey-closes"
            />
          </Form.Item>
        </div>
        {error && <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={error} data-testid="survey-error" />}
        <Button type="primary" htmlType="submit" loading={start.isPending} data-testid="survey-start">{t('surveys.start')}</Button>
      </Form>

      <aside className="survey-about" data-testid="survey-about">
        <h4>{t('surveys.aboutTitle')}</h4>
        <ul>
          <li>{t('surveys.aboutSample')}</li>
          <li>{t('surveys.aboutGap')}</li>
          <li><Typography.Text strong>{t('surveys.aboutNoReward')}</Typography.Text></li>
          <li>{t('surveys.aboutMin')}</li>
        </ul>
        <h4>{t('surveys.questionTitle')}</h4>
        <blockquote className="claim-quote" data-testid="survey-question">{surveyQuestion(subjectType, title)}</blockquote>
        <div className="cell-sub" style={{ marginTop: 6 }}>{t('surveys.questionHint')}</div>
      </aside>
    </div>
  );
}
