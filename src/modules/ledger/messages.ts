/** This module's user-facing messages, merged into the i18n catalogue. */
export default {
  'zh-CN': {
    errors: {
      'ledger.receipt_not_found': '找不到这条记录的凭证',
      'ledger.not_yet_checkpointed': '这条记录还没有写进公开账本，几分钟后再来下载凭证',
      'ledger.checkpoint_not_found': '找不到这个大小的账本快照',
      'ledger.sizes_out_of_order': '前一个快照不能比后一个大',
    } as Record<string, string>,
  },
  en: {
    errors: {
      'ledger.receipt_not_found': 'No receipt found for this entry',
      'ledger.not_yet_checkpointed': 'This entry is not in the public ledger yet; download its receipt again in a few minutes',
      'ledger.checkpoint_not_found': 'No checkpoint of that size',
      'ledger.sizes_out_of_order': 'The first checkpoint must not be larger than the second',
    } as Record<string, string>,
  },
};
