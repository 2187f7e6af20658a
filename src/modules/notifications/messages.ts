/** This module's user-facing messages (errors and notices), merged into the i18n catalogue. */
export default {
  'zh-CN': {
    errors: { 'leader.not_found': '找不到这位团长', 'notice.kind_not_mutable': '这类消息（钱款、售后）不能关闭' } as Record<string, string>,
    noticeKinds: {
      group_buy_opened: '新团购开团', arrival: '到货提醒', question_for_leader: '邻居向我提问', answer_to_question: '我的提问有新回答',
      event_reminder: '活动开始提醒', birthday_gift: '生日祝福',
    },
    notices: {
      group_buy_opened: { title: '新团购：{{title}}', body: '团长开了新团，点开看看，截单前都可以接龙。' },
      question_for_leader: { title: '有邻居向你提问', body: '「{{excerpt}}」等你来回答。' },
      answer_to_question: { title: '你的提问有新回答', body: '{{name}} 回答了你的问题「{{excerpt}}」。' },
      event_reminder: { title: '{{title}} 快开始了', body: '{{time}} 开始，地点：{{place}}。到了扫现场二维码签到。' },
      event_promoted: { title: '候补成功：{{title}}', body: '有邻居退出，你已从候补转为正式报名，{{time}} 见。' },
      event_cancelled: { title: '活动取消：{{title}}', body: '团长取消了这个活动：{{reason}}' },
      welcome_gift: { title: '欢迎加入{{community}}', body: '送你一份入群礼：{{gift}}，点开领取。' },
      arrival: { title: '{{product}} 到货啦', body: '你接龙的 {{product}} 已到 {{place}}，{{window}} 凭取货码自提。' },
      birthday_gift: { title: '生日快乐！', body: '谢谢你一直是值得信赖的好邻居，祝你生日快乐、身体健康！' },
      short_refund: { title: '{{product}} 缺货退款', body: '很抱歉，供应商这次少送了货，你的 {{units}} 份 {{product}} 没能到货，{{amount}} 已原路退回。' },
    },
  },
  en: {
    errors: { 'leader.not_found': 'Leader not found', 'notice.kind_not_mutable': 'Notices about money and claims cannot be turned off' } as Record<string, string>,
    noticeKinds: {
      group_buy_opened: 'New group buys', arrival: 'Arrivals', question_for_leader: 'Questions for me', answer_to_question: 'Answers to my questions',
      event_reminder: 'Event reminders', birthday_gift: 'Birthday greeting',
    },
    notices: {
      group_buy_opened: { title: 'New group buy: {{title}}', body: 'Your leader opened a new group buy; join before the cut-off.' },
      question_for_leader: { title: 'A neighbour asked you', body: '“{{excerpt}}” is waiting for your answer.' },
      answer_to_question: { title: 'New answer to your question', body: '{{name}} answered “{{excerpt}}”.' },
      event_reminder: { title: '{{title}} starts soon', body: 'At {{time}}, {{place}}. Scan the QR code there to check in.' },
      event_promoted: { title: 'You are in: {{title}}', body: 'A seat freed up and you moved from the waitlist; see you at {{time}}.' },
      event_cancelled: { title: 'Event cancelled: {{title}}', body: 'Your leader cancelled it: {{reason}}' },
      welcome_gift: { title: 'Welcome to {{community}}', body: 'A welcome gift for you: {{gift}}. Open it here.' },
      arrival: { title: '{{product}} has arrived', body: 'Your {{product}} is at {{place}}; pick it up with your code, {{window}}.' },
      birthday_gift: { title: 'Happy birthday!', body: 'Thank you for being such a trusted neighbour. Wishing you a happy and healthy year!' },
      short_refund: { title: '{{product}}: short delivery refunded', body: 'Sorry, the supplier delivered less than ordered: {{units}} × {{product}} did not arrive and {{amount}} was refunded to your original payment.' },
    },
  },
};
