/** This module's user-facing messages (errors and notices), merged into the i18n catalogue. */
export default {
  'zh-CN': {
    errors: {
      'purchase_order.not_found': '找不到这张采购单',
      'purchase_order.not_pending': '这张采购单已经确认过了',
      'purchase_order.changed': '采购单有了新的明细，请刷新后再确认',
      'purchase_order.quantity_invalid': '确认数量要在 0 到 {{max}} 之间',
      'purchase_order.not_confirmed': '供应商还没有确认这张采购单',
      'delivery.already_recorded': '这一行的到货已经登记过了',
      'delivery.quantity_invalid': '到货数量不对',
      'delivery.quantity_above_ordered': '到货数量不能超过订购数量（{{ordered}}）',
      'picklist.date_invalid': '日期格式应为 YYYY-MM-DD',
    } as Record<string, string>,
    picklist: {
      sheet: '分拣单', totals: '商品合计', no: '序号', resident: '邻居', phone: '手机', pickupCode: '取货码', product: '商品', spec: '规格', quantity: '数量', batch: '批次', done: '已取',
    },
  },
  en: {
    errors: {
      'purchase_order.not_found': 'Purchase order not found',
      'purchase_order.not_pending': 'This purchase order has already been confirmed',
      'purchase_order.changed': 'The purchase order has new lines: refresh and confirm again',
      'purchase_order.quantity_invalid': 'Confirmed quantity must be between 0 and {{max}}',
      'purchase_order.not_confirmed': 'The supplier has not confirmed this purchase order yet',
      'delivery.already_recorded': 'The delivery of this line is already recorded',
      'delivery.quantity_invalid': 'Invalid delivered quantity',
      'delivery.quantity_above_ordered': 'Delivered quantity cannot exceed the ordered quantity ({{ordered}})',
      'picklist.date_invalid': 'Dates look like YYYY-MM-DD',
    } as Record<string, string>,
    picklist: {
      sheet: 'Pick list', totals: 'Totals', no: 'No.', resident: 'Resident', phone: 'Phone', pickupCode: 'Pickup code', product: 'Product', spec: 'Spec', quantity: 'Qty', batch: 'Batch', done: 'Done',
    },
  },
};
