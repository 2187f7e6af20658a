/** Private messages between residents and their leaders (zh-CN, en). */
export default {
  'zh-CN': {
    errors: {
      'conversation.not_found': '找不到这段对话',
      'message.not_found': '找不到这条消息',
      'message.not_member': '你还不是这个社区的成员，只能给自己社区的团长发消息',
      'message.leader_is_you': '你是这个社区的团长，请在「邻居消息」里回复大家',
      'message.no_leader': '这个社区暂时没有团长，消息发不出去',
      'message.operator_cannot_write': '运营人员只能查看和隐藏消息，不能代替双方发言',
      'message.body_length': '消息 {{min}}–{{max}} 个字',
      'message.too_many_photos': '一条消息最多 {{max}} 张图片',
      'message.order_invalid': '只能附上你自己在这个社区的订单',
      'message.rate_limited_minute': '发得太快了：每分钟最多 {{limit}} 条，稍等一下再发',
      'message.rate_limited_day': '今天已经发了 {{limit}} 条，明天再联系团长吧；急事可以到驿站当面说',
    } as Record<string, string>,
    messaging: { photo_only: '[图片]' },
    notices: {
      message_for_leader: { title: '{{name}} 给你发了消息', body: '「{{excerpt}}」点开回复。' },
      message_from_leader: { title: '团长 {{name}} 回复了你', body: '「{{excerpt}}」' },
    },
  },
  en: {
    errors: {
      'conversation.not_found': 'Conversation not found',
      'message.not_found': 'Message not found',
      'message.not_member': 'You can only write to the leaders of a community you belong to',
      'message.leader_is_you': 'You lead this community: answer your neighbours from your inbox',
      'message.no_leader': 'This community has no leader at the moment, so the message cannot be sent',
      'message.operator_cannot_write': 'Operators can read and hide messages, not write in someone’s name',
      'message.body_length': 'Messages have {{min}}–{{max}} characters',
      'message.too_many_photos': 'At most {{max}} pictures per message',
      'message.order_invalid': 'You can only attach your own orders in this community',
      'message.rate_limited_minute': 'That was fast: at most {{limit}} messages a minute, please wait a moment',
      'message.rate_limited_day': 'You have sent {{limit}} messages today; write again tomorrow, or talk to your leader at the pickup point',
    } as Record<string, string>,
    messaging: { photo_only: '[photo]' },
    notices: {
      message_for_leader: { title: '{{name}} sent you a message', body: '“{{excerpt}}” Open it to answer.' },
      message_from_leader: { title: 'Your leader {{name}} answered', body: '“{{excerpt}}”' },
    },
  },
};
