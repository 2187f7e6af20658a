import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Drawer, Skeleton, Space, Typography } from 'antd';
import { type BatchDetail } from '../supply-types';
import { BatchFacts, BatchStatusTag, InspectionTable, LogisticsTimeline, TraceBox } from '../supply-components';
import { InspectionForm, LogisticsForm } from './BatchForms';
import { useBatch } from './useBatches';

export function BatchDrawer({ supplierId, id, unit, onClose }: { supplierId: string; id: string | null; unit?: string; onClose: () => void }) {
  const { t } = useTranslation('supply');
  const [uploading, setUploading] = useState(false);
  const [addingEvent, setAddingEvent] = useState(false);
  const detail = useBatch(id);
  useEffect(() => { setUploading(false); setAddingEvent(false); }, [id]);
  const b = detail.data;

  return (
    <Drawer
      title={b ? <Space wrap><span>{b.productName}</span><span className="supply-code cell-sub">{b.code}</span><BatchStatusTag status={b.status} /></Space> : t('detail.facts')}
      open={!!id} onClose={onClose} size={720} destroyOnHidden
    >
      {detail.isPending && <Skeleton active paragraph={{ rows: 10 }} />}
      {detail.isError && <Alert type="error" showIcon title={detail.error.message} action={<Button onClick={() => detail.refetch()}>{t('retry')}</Button>} />}
      {b && (
        <>
          <BatchStateAlert batch={b} />
          <section className="supply-section">
            <BatchFacts batch={b} unit={unit} />
          </section>
          {b.status === 'approved' && (
            <section className="supply-section">
              <Typography.Title level={5}>{t('detail.trace')}</Typography.Title>
              <TraceBox code={b.code} />
            </section>
          )}
          <section className="supply-section">
            <div className="supply-section-head">
              <Typography.Title level={5}>{t('detail.inspections')}</Typography.Title>
              {b.status === 'pending' && !uploading && <Button onClick={() => setUploading(true)} data-testid="upload-inspection">{t('inspections.upload')}</Button>}
            </div>
            {uploading && b.status === 'pending' && <InspectionForm supplierId={supplierId} batch={b} onDone={() => setUploading(false)} />}
            <InspectionTable inspections={b.inspections} />
          </section>
          <section className="supply-section">
            <div className="supply-section-head">
              <Typography.Title level={5}>{t('detail.logistics')}</Typography.Title>
              {!addingEvent && <Button onClick={() => setAddingEvent(true)} data-testid="add-logistics">{t('logistics.add')}</Button>}
            </div>
            {addingEvent && <LogisticsForm supplierId={supplierId} batch={b} onDone={() => setAddingEvent(false)} />}
            <LogisticsTimeline events={b.logistics} />
          </section>
        </>
      )}
    </Drawer>
  );
}

/** What this batch is waiting for, in the supplier's words. */
export function BatchStateAlert({ batch }: { batch: BatchDetail }) {
  const { t } = useTranslation('supply');
  const latest = [...batch.inspections].sort((a, b) => new Date(b.inspectedAt).getTime() - new Date(a.inspectedAt).getTime())[0];
  if (batch.status === 'approved') return <Alert type="success" showIcon title={t('detail.approved')} data-testid="batch-state" />;
  if (batch.status === 'rejected') {
    return <Alert type="error" showIcon title={t('detail.rejected')} description={batch.reviewNote ? t('batch.rejectedNote', { note: batch.reviewNote }) : undefined} data-testid="batch-state" />;
  }
  if (!latest) return <Alert type="warning" showIcon title={t('detail.pendingNoInspection')} data-testid="batch-state" />;
  if (latest.result === 'fail') return <Alert type="error" showIcon title={t('detail.pendingFailed')} data-testid="batch-state" />;
  return <Alert type="info" showIcon title={t('detail.pendingReady')} data-testid="batch-state" />;
}
