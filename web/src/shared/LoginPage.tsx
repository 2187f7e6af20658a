import { useEffect, useState } from 'react';
import { Button, Form, Input, NavBar, Toast } from 'antd-mobile';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from './api';
import { setLanguage } from '../i18n';

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [countdown, setCountdown] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (countdown <= 0) return;
    const timer = setTimeout(() => setCountdown((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [countdown]);

  const sendCode = async () => {
    setError(null);
    try {
      await api('/api/auth/code', { body: { phone } });
      Toast.show({ content: t('login.sent') });
      setCountdown(60);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('/api/auth/verify', { body: { phone, code } });
      await queryClient.invalidateQueries();
      navigate(params.get('next') || '/', { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="mobile-page">
      <NavBar back={null} right={<a lang={i18n.language === 'en' ? 'zh-CN' : 'en'} translate="no" onClick={() => setLanguage(i18n.language === 'en' ? 'zh-CN' : 'en')}>{t('language')}</a>}>{t('appName')}</NavBar>
      <div style={{ padding: '32px 20px 8px' }}>
        <h1 style={{ fontSize: 28, margin: 0 }}>{t('appName')} <span style={{ fontSize: 15, color: '#888', fontWeight: 400 }}>{t('tagline')}</span></h1>
        <p style={{ color: '#666' }}>{t('login.title')}</p>
      </div>
      <Form layout="horizontal" footer={
        <>
          {error && <div role="alert" style={{ color: 'var(--adm-color-danger)', marginBottom: 12 }}>{error}</div>}
          <Button block color="primary" size="large" loading={busy} disabled={!phone || code.length < 6} onClick={submit}>{t('login.submit')}</Button>
          <p style={{ color: '#999', fontSize: 12, marginTop: 16 }}>{t('login.devHint')}</p>
          <p style={{ color: '#bbb', fontSize: 12 }}>{t('login.agree')}</p>
        </>
      }>
        <Form.Item label={t('login.phone')}>
          <Input name="phone" type="tel" inputMode="numeric" placeholder={t('login.phonePlaceholder')} value={phone} onChange={setPhone} maxLength={13} clearable />
        </Form.Item>
        <Form.Item label={t('login.code')} extra={
          <Button size="small" color="primary" fill="outline" disabled={countdown > 0 || phone.length < 11} onClick={sendCode}>
            {countdown > 0 ? t('login.resend', { seconds: countdown }) : t('login.send')}
          </Button>
        }>
          <Input name="code" inputMode="numeric" placeholder={t('login.codePlaceholder')} value={code} onChange={setCode} maxLength={6} />
        </Form.Item>
      </Form>
    </div>
  );
}
