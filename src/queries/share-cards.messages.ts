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
    },
  },
};
