/** This module's user-facing messages, merged into the i18n catalogue. */
export default {
  'zh-CN': {
    errors: {
      'payout.amount_invalid': '提现金额要是大于 0 的整数（单位：分）',
      'payout.key_required': '提现请求缺少防重复的 Idempotency-Key（8–200 个字符）',
      'payout.below_minimum': '单笔提现最少 {{min}}',
      'payout.over_balance': '提现金额超过了可提现余额（{{balance}}）',
      'payout.balance_insufficient': '余额不足，这笔资金变动没有执行',
      'payout.over_daily_limit': '超过每日提现上限 {{limit}}，今天还可以提 {{left}}',
      'payout.not_found': '找不到这笔提现',
      'payout.not_awaiting_approval': '这笔提现已经处理过了，不在待审批状态',
      'payout.reason_required': '请写明拒绝的原因（2–200 个字）',
      'payout.amount_mismatch': '通知里的金额和这笔提现对不上，没有处理',
      'payout.not_in_flight': '这笔提现不在打款中，通知没有处理',
      'payout.notification_invalid': '打款通知的签名无效，没有处理',
      'earnings.date_invalid': '日期格式应为 YYYY-MM-DD',
    } as Record<string, string>,
    earnings: {
      tier: { gold: '金牌', silver: '银牌', standard: '标准', watch: '观察', rectify: '整改' },
      payoutStatus: { awaiting_approval: '待审批', sending: '打款中', sent: '打款中', paid: '已到账', failed: '打款失败，已退回余额', rejected: '未通过，已退回余额' },
      statement: {
        file: '收益对账单', time: '时间', kind: '类型', reference: '单号', tier: '等级', rate: '佣金比例', sales: '销售额（元）', commission: '佣金（元）',
        deduction: '扣款（元）', payout: '提现（元）', status: '状态', total: '合计', net: '净收益',
        deductionKind: '售后扣款', payoutKind: '提现',
        reason: { handed_over: '核销结算', confirmed: '邻居确认结算', auto_confirmed: '到期自动结算', not_collected: '未取货结算' },
      },
    },
  },
  en: {
    errors: {
      'payout.amount_invalid': 'The withdrawal amount must be a whole number of fen above 0',
      'payout.key_required': 'The withdrawal needs an Idempotency-Key (8–200 characters) so it cannot happen twice',
      'payout.below_minimum': 'The smallest withdrawal is {{min}}',
      'payout.over_balance': 'That is more than your withdrawable balance ({{balance}})',
      'payout.balance_insufficient': 'Not enough balance: the money was not moved',
      'payout.over_daily_limit': 'Over the daily withdrawal limit of {{limit}}; you can still withdraw {{left}} today',
      'payout.not_found': 'Withdrawal not found',
      'payout.not_awaiting_approval': 'This withdrawal has already been handled',
      'payout.reason_required': 'Please give the reason for refusing (2–200 characters)',
      'payout.amount_mismatch': 'The notification\'s amount does not match this withdrawal; nothing was done',
      'payout.not_in_flight': 'This withdrawal is not being paid out; the notification was ignored',
      'payout.notification_invalid': 'The payout notification\'s signature is not valid; nothing was done',
      'earnings.date_invalid': 'The date must look like YYYY-MM-DD',
    } as Record<string, string>,
    earnings: {
      tier: { gold: 'Gold', silver: 'Silver', standard: 'Standard', watch: 'Watch', rectify: 'Rectify' },
      payoutStatus: { awaiting_approval: 'Awaiting approval', sending: 'Paying out', sent: 'Paying out', paid: 'Paid', failed: 'Failed, returned to balance', rejected: 'Refused, returned to balance' },
      statement: {
        file: 'earnings-statement', time: 'Time', kind: 'Kind', reference: 'Reference', tier: 'Tier', rate: 'Rate', sales: 'Sales (¥)', commission: 'Commission (¥)',
        deduction: 'Deduction (¥)', payout: 'Withdrawal (¥)', status: 'Status', total: 'Total', net: 'Net',
        deductionKind: 'Claim deduction', payoutKind: 'Withdrawal',
        reason: { handed_over: 'Handed over', confirmed: 'Confirmed by resident', auto_confirmed: 'Auto-confirmed', not_collected: 'Not collected' },
      },
    },
  },
};
