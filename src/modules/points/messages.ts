/** Points (积分) messages (zh-CN, en). */
export default {
  'zh-CN': {
    errors: {
      'points.insufficient': '积分不够：可用 {{available}} 分，需要 {{amount}} 分',
      'points.bad_amount': '积分数量要是 1 到 {{max}} 之间的整数',
      'points.bad_code': '不认识的积分类型',
      'points.bad_ref': '缺少积分的用途说明',
      'points.bad_idempotency_key': '缺少请求编号，请刷新后再试',
      'points.bad_time': '时间不对',
      'points.bad_account': '找不到这个积分账户',
      'points.community_not_found': '找不到这个小区',
      'points.idempotency_conflict': '这个请求编号已经用在另一笔积分上了，请刷新后再试',
      'points.hold_not_found': '找不到这笔冻结的积分',
      'points.hold_posted': '这笔冻结的积分已经扣除了',
      'points.hold_voided': '这笔冻结的积分已经退回了',
      'points.spend_not_found': '找不到这笔积分消费',
      'points.return_too_much': '退回的积分不能超过用掉的，最多还能退 {{left}} 分',
    } as Record<string, string>,
  },
  en: {
    errors: {
      'points.insufficient': 'Not enough points: {{available}} available, {{amount}} needed',
      'points.bad_amount': 'Points must be a whole number from 1 to {{max}}',
      'points.bad_code': 'Unknown kind of points',
      'points.bad_ref': 'What the points are for is missing',
      'points.bad_idempotency_key': 'The request number is missing; refresh and try again',
      'points.bad_time': 'Invalid time',
      'points.bad_account': 'Points account not found',
      'points.community_not_found': 'Community not found',
      'points.idempotency_conflict': 'This request number was already used for other points; refresh and try again',
      'points.hold_not_found': 'Held points not found',
      'points.hold_posted': 'These held points were already spent',
      'points.hold_voided': 'These held points were already given back',
      'points.spend_not_found': 'Points spending not found',
      'points.return_too_much': 'More points cannot come back than were spent: at most {{left}} more',
    } as Record<string, string>,
  },
};
