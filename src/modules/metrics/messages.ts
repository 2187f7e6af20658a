/** This module's user-facing messages, merged into the i18n catalogue. */
export default {
  'zh-CN': {
    errors: {
      'nps.score_invalid': '请选择 0 到 10 之间的分数',
      'nps.subject_invalid': '这个评价对象不存在',
      'nps.order_required': '评价团长需要对应的已取货订单',
      'nps.order_not_picked_up': '取货之后才能评价哦',
      'nps.already_answered': '你最近 {{days}} 天内已经评价过了，谢谢你',
    } as Record<string, string>,
    nps: {
      question: '你有多大可能把{{subject}}推荐给邻居或朋友？',
    },
  },
  en: {
    errors: {
      'nps.score_invalid': 'Please choose a score from 0 to 10',
      'nps.subject_invalid': 'Unknown subject',
      'nps.order_required': 'Rating a leader needs a picked-up order',
      'nps.order_not_picked_up': 'You can rate after picking up',
      'nps.already_answered': 'You already answered in the last {{days}} days, thank you',
    } as Record<string, string>,
    nps: {
      question: 'How likely are you to recommend {{subject}} to a neighbour or friend?',
    },
  },
};
