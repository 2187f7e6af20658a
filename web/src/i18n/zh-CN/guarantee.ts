/** 活动保障（居民的活动页与售后页、运营控制台的规则范围）。zh-CN 为准。 */
export default {
  section: {
    title: '活动保障',
    intro: '活动期间买的活动商品，除了平台的售后保障，还多享这些承诺：',
    version: '第 {{n}} 版',
    since: '{{date}}起生效',
    when: '什么时候',
    result: '结果',
    refund: '立即退款，原路退回',
    none: '这个活动暂时没有额外的保障，平台的售后保障照常适用。',
    platformLink: '平台售后保障',
    fine: '以付款那一刻为准：付款时商品在活动中、且已证明活动要求的标准，之后即使换批次或活动结束，这笔购买照样享受。',
    error: '活动保障没加载出来',
    retry: '重试',
  },
  claim: {
    covered: '这件商品是在「{{name}}」期间买的，除了平台保障，还享受活动保障：',
    see: '看活动保障',
    decidedBy: '按「{{name}}」的活动保障处理',
  },
  console: {
    scope: '适用范围',
    scopeHint: '平台规则对所有售后生效；活动保障只对在活动期间、商品已证明活动标准时买下的订单生效，并且只会让结果更好（只能选「立即退款」）。范围在第 1 版定下后不能改。',
    platform: '全平台',
    campaign: '活动：{{name}}',
    pickCampaign: '选择活动',
    filterAll: '全部规则',
    filterPlatform: '平台规则',
    campaignOnly: '活动保障只能「立即退款」',
    draft: '草稿',
    closed: '已结束',
  },
};
