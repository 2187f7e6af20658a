/** Orders messages beyond the base catalogue: what a leader cancels or refunds (zh-CN, en). */
export default {
  'zh-CN': {
    errors: {
      'order.bundle_not_found': '找不到这个套餐',
      'leader_order.already_cancelled': '这件商品已经取消过了，无需再取消',
      'leader_order.handed_over': '这件商品已交付，不能再取消；请改用「退款」',
      'leader_order.quantity_invalid': '取消数量应在 1 到 {{max}} 件之间',
      'leader_order.note_required': '选择「其他」时，请写明原因（至少 2 个字）',
      'leader_order.note_too_long': '说明最多 {{max}} 个字',
      'leader_refund.not_handed_over': '还没交付的商品请用「取消」，库存和货款会一起退回',
      'leader_refund.handover_unconfirmed': '这次无码交付还在等团员确认，确认后才能退款',
      'leader_refund.amount_invalid': '退款金额应在 ¥0.01 到 {{max}} 之间',
      'leader_refund.over_line': '退款金额超过这件商品的剩余实付 {{max}}',
      'leader_refund.over_limit': '超过你的退款额度 {{limit}}：请让团员提交售后，由平台处理',
      'leader_refund.already_refunded': '这件商品你已经退过款了，每件商品只能退一次',
      'leader_refund.line_has_claim': '团员已就这件商品提交售后，请在售后里处理',
      'leader_refund.own_order': '自己的订单不能自己退款，请联系平台',
    } as Record<string, string>,
    notices: {
      leader_cancelled: { title: '团长取消了你的商品', body: '{{leader}}取消了「{{product}}」×{{quantity}}，原因：$t(leaderOrders.reasons.{{reasonCode}}){{words}}。{{amount}} 已原路退回，一般几秒内到账。' },
      leader_cancelled_unpaid: { title: '团长取消了你的订单', body: '{{leader}}取消了「{{product}}」×{{quantity}}，原因：$t(leaderOrders.reasons.{{reasonCode}}){{words}}。这笔订单还没付款，无需退款。' },
      leader_refunded: { title: '团长为你退款', body: '{{leader}}为「{{product}}」退款 {{amount}}，原因：$t(leaderOrders.reasons.{{reasonCode}}){{words}}。钱款原路退回，一般几秒内到账。' },
    },
    leaderOrders: {
      reasons: {
        out_of_stock: '缺货', quality_issue: '品质不达标', resident_asked: '团员要求取消', cannot_deliver: '无法按时送达', other: '其他',
        bad_produce: '坏果 / 变质', damaged: '压坏 / 破损', missing: '少件 / 漏发', not_as_described: '与描述不符', goodwill: '心意补偿',
      },
    },
  },
  en: {
    errors: {
      'order.bundle_not_found': 'Bundle not found',
      'leader_order.already_cancelled': 'This item is already cancelled',
      'leader_order.handed_over': 'This item was handed over and can no longer be cancelled; use "Refund" instead',
      'leader_order.quantity_invalid': 'Cancel between 1 and {{max}} units',
      'leader_order.note_required': 'With "Other", say why (at least 2 characters)',
      'leader_order.note_too_long': 'At most {{max}} characters',
      'leader_refund.not_handed_over': 'Items not yet handed over are cancelled instead: stock and money go back together',
      'leader_refund.handover_unconfirmed': 'This hand-over without a code awaits the resident\'s confirmation; refund after it',
      'leader_refund.amount_invalid': 'Refund between ¥0.01 and {{max}}',
      'leader_refund.over_line': 'The refund is more than what is left paid for this item ({{max}})',
      'leader_refund.over_limit': 'Above your refund limit of {{limit}}: ask the resident to file a claim for the platform',
      'leader_refund.already_refunded': 'You already refunded this item; each item can be refunded once',
      'leader_refund.line_has_claim': 'The resident filed a claim on this item: answer it there',
      'leader_refund.own_order': 'You cannot refund your own order; ask the platform',
    } as Record<string, string>,
    notices: {
      leader_cancelled: { title: 'Your leader cancelled an item', body: '{{leader}} cancelled "{{product}}" ×{{quantity}}: $t(leaderOrders.reasons.{{reasonCode}}){{words}}. {{amount}} goes back to your original payment.' },
      leader_cancelled_unpaid: { title: 'Your leader cancelled your order', body: '{{leader}} cancelled "{{product}}" ×{{quantity}}: $t(leaderOrders.reasons.{{reasonCode}}){{words}}. It was not paid, so nothing is refunded.' },
      leader_refunded: { title: 'Your leader refunded you', body: '{{leader}} refunded {{amount}} for "{{product}}": $t(leaderOrders.reasons.{{reasonCode}}){{words}}. It goes back to your original payment.' },
    },
    leaderOrders: {
      reasons: {
        out_of_stock: 'Out of stock', quality_issue: 'Below quality', resident_asked: 'Resident asked', cannot_deliver: 'Cannot deliver in time', other: 'Other',
        bad_produce: 'Spoiled', damaged: 'Crushed / damaged', missing: 'Missing units', not_as_described: 'Not as described', goodwill: 'Goodwill',
      },
    },
  },
};
