/** Texts of the link previews (share cards) chat apps show for a pasted link. */
export default {
  'zh-CN': {
    shareCard: {
      siteName: '邻里',
      siteTitle: '邻里 · 信任优先的社区团购',
      siteDescription: '团长先试吃再推荐，钱在平台托管到你取货，坏果包赔。',
      groupBuyEyebrow: '{{community}} · 邻里团购',
      groupBuyDescription: '{{community}}的团购：{{products}}。团长试过才推荐，钱在平台托管到你取货。',
      more: ' 等 {{count}} 样',
      inviteTitle: '邀请你加入「{{community}}」',
      inviteMembers: '已有 {{count}} 位邻居',
      inviteLeader: '团长 {{name}}',
      invitePickup: '自提点：{{place}}',
      campaignEyebrow: '{{badge}} · {{from}} 至 {{to}}',
      campaignStandards: '每件商品都要用检测报告、证书或溯源证明：{{standards}}。',
      campaignProducts: '正在参加：{{products}}。',
    },
  },
  en: {
    shareCard: {
      siteName: 'Linli',
      siteTitle: 'Linli · trust-first community group buying',
      siteDescription: 'Leaders try before they recommend; your money is held until you collect; bad fruit paid back.',
      groupBuyEyebrow: '{{community}} · Linli group buy',
      groupBuyDescription: 'A group buy in {{community}}: {{products}}. Tried by the leader first; your money is held until you collect.',
      more: ' and {{count}} in all',
      inviteTitle: 'Join {{community}} on Linli',
      inviteMembers: '{{count}} neighbours already in',
      inviteLeader: 'Leader {{name}}',
      invitePickup: 'Pickup: {{place}}',
      campaignEyebrow: '{{badge}} · {{from}} to {{to}}',
      campaignStandards: 'Every product proves it with a lab report, certificate or trace: {{standards}}.',
      campaignProducts: 'Taking part: {{products}}.',
    },
  },
};
