/** This module's user-facing messages (errors and notices), merged into the i18n catalogue. */
export default {
  'zh-CN': {
    errors: {
      'batch.not_found': '找不到这个批次',
      'batch.supplier_not_approved': '供应商未通过准入或已被暂停，不能登记新批次',
      'batch.product_without_supplier': '这个商品还没有归属的供应商，不能登记批次',
      'batch.produced_in_future': '采收/生产时间不能晚于现在',
      'batch.already_reviewed': '这个批次已经审核过了',
      'batch.no_inspection': '还没有检测报告，不能通过审核',
      'batch.inspection_failed': '最近一次检测不合格，不能通过审核',
      'batch.reason_required': '驳回时请写明原因',
      'inspection.date_in_future': '检测日期不能晚于今天',
      'logistics.in_future': '物流时间不能晚于现在',
      'logistics.before_production': '物流时间不能早于采收/生产时间',
      'logistics.temperature_required': '温度记录需要填写温度',
      'groupbuy.no_approved_batch': '这个商品还没有检测合格、审核通过的批次，暂时不能开团',
    } as Record<string, string>,
  },
  en: {
    errors: {
      'batch.not_found': 'Batch not found',
      'batch.supplier_not_approved': 'The supplier is not admitted or is suspended: no new batches',
      'batch.product_without_supplier': 'This product has no supplier yet; batches cannot be recorded',
      'batch.produced_in_future': 'The harvest/production time cannot be in the future',
      'batch.already_reviewed': 'This batch has already been reviewed',
      'batch.no_inspection': 'No inspection report yet: the batch cannot be approved',
      'batch.inspection_failed': 'The latest inspection failed: the batch cannot be approved',
      'batch.reason_required': 'Please give a reason for rejecting',
      'inspection.date_in_future': 'The inspection date cannot be in the future',
      'logistics.in_future': 'The logistics time cannot be in the future',
      'logistics.before_production': 'The logistics time cannot be before production',
      'logistics.temperature_required': 'A temperature reading needs a temperature',
      'groupbuy.no_approved_batch': 'This product has no inspected and approved batch yet, so it cannot be sold',
    } as Record<string, string>,
  },
};
