/** Texts of the leader's order list: its errors, line statuses and export column names. */
export default {
  'zh-CN': {
    errors: {
      'leader_orders.status_invalid': '没有这种订单状态',
      'leader_orders.range_invalid': '开始日期不能晚于结束日期',
      'leader_orders.too_many': '一次最多导出 {{max}} 行，请缩小筛选范围（比如按团购或日期）',
    },
    leaderOrders: {
      status: {
        pending_payment: '待付款', paid: '已付款', confirmed: '已成团', ready_for_pickup: '待取货', picked_up: '已取货',
        not_collected: '未取货', cancelled: '已取消', refunded: '已退款',
      },
      export: {
        sheet: '订单', orderedAt: '下单时间', groupNumber: '跟团号', groupBuy: '团购', product: '商品', spec: '规格', quantity: '数量',
        refunded: '已退数量', amountYuan: '金额（元）', status: '状态', name: '称呼', doorNumber: '门牌', phoneTail: '手机尾号',
        pickupPoint: '自提点', pickupDate: '取货日', file: '订单',
      },
    },
  },
  en: {
    errors: {
      'leader_orders.status_invalid': 'There is no such order status',
      'leader_orders.range_invalid': 'The start date cannot be after the end date',
      'leader_orders.too_many': 'An export holds at most {{max}} lines: narrow the filter (a group buy or a date range)',
    },
    leaderOrders: {
      status: {
        pending_payment: 'Awaiting payment', paid: 'Paid', confirmed: 'Confirmed', ready_for_pickup: 'Ready for pickup', picked_up: 'Picked up',
        not_collected: 'Not collected', cancelled: 'Cancelled', refunded: 'Refunded',
      },
      export: {
        sheet: 'Orders', orderedAt: 'Ordered at', groupNumber: 'No.', groupBuy: 'Group buy', product: 'Product', spec: 'Spec', quantity: 'Quantity',
        refunded: 'Refunded', amountYuan: 'Amount (yuan)', status: 'Status', name: 'Name', doorNumber: 'Door', phoneTail: 'Phone (last 4)',
        pickupPoint: 'Pickup point', pickupDate: 'Pickup day', file: 'orders',
      },
    },
  },
};
