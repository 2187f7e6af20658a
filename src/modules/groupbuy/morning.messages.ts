/**
 * Texts of the leader's morning dashboard (arrival and reminder texts, what he sends by hand) and
 * of residents' search and 到货提醒, merged into the i18n catalogue by src/messages.ts.
 */
export default {
  'zh-CN': {
    errors: {
      'search.query_empty': '请输入要找的商品或团购名称',
      'search.query_too_long': '搜索词太长了，最多 {{max}} 个字',
      'groupbuy.item_not_found': '找不到这件商品',
      'groupbuy.restock_not_open': '这个团已经截单了，不能再补货或登记到货提醒',
      'groupbuy.restock_alert_not_sold_out': '这件商品还有货，直接下单就好，不用登记到货提醒',
      'announcement.text_empty': '通知内容不能为空',
      'announcement.text_too_long': '通知内容太长了，最多 {{max}} 个字',
      'announcement.nothing_to_send': '现在没有需要通知的邻居',
      'announcement.group_buy_not_here': '这些团购不属于这个社区',
    } as Record<string, string>,
    morning: {
      window: { today: '今天 {{start}}–{{end}}', todayUntil: '今天 {{end}} 前', day: '{{day}} {{start}}–{{end}}', span: '{{startDay}} {{start}} 至 {{endDay}} {{end}}' },
      at: { today: '今天 {{time}}', day: '{{day}} {{time}}' },
      arrivalText: '{{titles}}到啦，{{window}} 在 {{place}}取',
      itemSeparator: '、',
      placeSeparator: '或',
      sentenceSeparator: '；',
      reminder: {
        header: '【取货提醒】还有 {{count}} 户邻居的货没取：',
        line: '{{numbers}} {{name}} {{items}}',
        footer: '请{{until}}到 {{place}}取，打开「取货码」给团长扫一下。谢谢！',
        until: '在{{end}} 前',
        overdue: '尽快',
      },
    },
    notices: {
      restock: { title: '{{product}} 补货了', body: '你登记了到货提醒的「{{title}}」{{product}} 又有货了（剩 {{left}} 份），要的话抓紧下单。' },
      leader_arrival: { title: '团长：到货通知', body: '{{text}}' },
      leader_reminder: { title: '团长：取货提醒', body: '{{text}}' },
    },
  },
  en: {
    errors: {
      'search.query_empty': 'Type what you are looking for',
      'search.query_too_long': 'That search is too long: at most {{max}} characters',
      'groupbuy.item_not_found': 'Item not found',
      'groupbuy.restock_not_open': 'This group buy has closed: no more restocks or restock alerts',
      'groupbuy.restock_alert_not_sold_out': 'This item is still in stock: order it now, no alert needed',
      'announcement.text_empty': 'The notice cannot be empty',
      'announcement.text_too_long': 'The notice is too long: at most {{max}} characters',
      'announcement.nothing_to_send': 'Nobody needs to be told right now',
      'announcement.group_buy_not_here': 'These group buys are not in this community',
    } as Record<string, string>,
    morning: {
      window: { today: 'today {{start}}–{{end}}', todayUntil: 'today until {{end}}', day: '{{day}} {{start}}–{{end}}', span: '{{startDay}} {{start}} to {{endDay}} {{end}}' },
      at: { today: 'today {{time}}', day: '{{day}} {{time}}' },
      arrivalText: '{{titles}} has arrived! Pick up {{window}} at {{place}}',
      itemSeparator: ', ',
      placeSeparator: ' or ',
      sentenceSeparator: '; ',
      reminder: {
        header: 'Pickup reminder: {{count}} households have not collected yet:',
        line: '{{numbers}} {{name}} {{items}}',
        footer: 'Please collect {{until}} at {{place}}: open “Pickup code” and let the leader scan it. Thank you!',
        until: 'before {{end}}',
        overdue: 'as soon as you can',
      },
    },
    notices: {
      restock: { title: '{{product}} is back', body: '{{product}} in “{{title}}”, which you asked about, is in stock again ({{left}} left): order soon if you want it.' },
      leader_arrival: { title: 'From your leader: arrival', body: '{{text}}' },
      leader_reminder: { title: 'From your leader: pickup reminder', body: '{{text}}' },
    },
  },
};
