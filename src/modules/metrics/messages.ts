/** This module's user-facing messages, merged into the i18n catalogue. */
export default {
  'zh-CN': {
    errors: {
      'nps.score_invalid': '请选择 0 到 10 之间的分数',
      'nps.subject_invalid': '这个评价对象不存在',
      'nps.order_required': '评价团长需要对应的已取货订单',
      'nps.order_not_picked_up': '取货之后才能评价哦',
      'nps.already_answered': '你最近 {{days}} 天内已经评价过了，谢谢你',
      'survey.title_invalid': '调查名称 2–40 个字',
      'survey.sample_invalid': '抽样人数是 1 到 100000 之间的整数',
      'survey.closes_invalid': '截止时间要在 1 小时之后、60 天之内',
      'survey.nobody_eligible': '没有可以邀请的居民：近 30 天没人下单，或都在 90 天内答过平台调查',
      'survey.not_found': '找不到这份调查',
      'survey.campaign_required': '只有活动调查可以关联活动',
      'survey.closed': '这份调查已经结束了，谢谢你',
      'survey.already_answered': '这份调查你已经答过了，谢谢你',
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
      'survey.title_invalid': 'Survey names have 2–40 characters',
      'survey.sample_invalid': 'The sample is a whole number from 1 to 100,000',
      'survey.closes_invalid': 'The survey must close between 1 hour and 60 days from now',
      'survey.nobody_eligible': 'Nobody to invite: no orders in 30 days, or everyone answered a platform survey within 90 days',
      'survey.not_found': 'Survey not found',
      'survey.campaign_required': 'Only a campaign survey can be tied to a campaign',
      'survey.closed': 'This survey has ended, thank you',
      'survey.already_answered': 'You have answered this survey already, thank you',
      'nps.already_answered': 'You already answered in the last {{days}} days, thank you',
    } as Record<string, string>,
    nps: {
      question: 'How likely are you to recommend {{subject}} to a neighbour or friend?',
    },
  },
};
