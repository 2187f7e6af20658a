/** This module's user-facing messages (errors and notices), merged into the i18n catalogue. */
export default {
  'zh-CN': {
    errors: { 'leader.not_found': '找不到这位团长' } as Record<string, string>,
    notices: {
      arrival: { title: '{{product}} 到货啦', body: '你接龙的 {{product}} 已到 {{place}}，{{window}} 凭取货码自提。' },
      birthday_gift: { title: '生日快乐！', body: '谢谢你一直是值得信赖的好邻居。生日礼已放在团长的驿站，取货时报手机号即可领取。' },
      short_refund: { title: '{{product}} 缺货退款', body: '很抱歉，供应商这次少送了货，你的 {{units}} 份 {{product}} 没能到货，{{amount}} 已原路退回。' },
    },
  },
  en: {
    errors: { 'leader.not_found': 'Leader not found' } as Record<string, string>,
    notices: {
      arrival: { title: '{{product}} has arrived', body: 'Your {{product}} is at {{place}}; pick it up with your code, {{window}}.' },
      birthday_gift: { title: 'Happy birthday!', body: 'Thank you for being such a trusted neighbour. Your birthday gift is waiting at your leader’s pickup point: just give your phone number.' },
      short_refund: { title: '{{product}}: short delivery refunded', body: 'Sorry, the supplier delivered less than ordered: {{units}} × {{product}} did not arrive and {{amount}} was refunded to your original payment.' },
    },
  },
};
