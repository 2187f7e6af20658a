/** This module's user-facing messages (errors and notices), merged into the i18n catalogue. */
export default {
  'zh-CN': {
    errors: {
      'endorsement.not_found': '找不到这条试用记录',
      'endorsement.rating_invalid': '评分请选 1 到 5 星',
      'endorsement.story_too_short': '请用自己的话写写试用感受，至少 10 个字',
      'endorsement.story_too_long': '试用感受最多 1000 字',
      'endorsement.too_many_photos': '最多上传 6 张照片',
      'endorsement.reason_required': '撤回背书请写明原因',
      'endorsement.already_withdrawn': '这条背书已经撤回了',
      'groupbuy.not_endorsed': '团长还没有亲自试用并背书这个商品，不能开团',
    } as Record<string, string>,
  },
  en: {
    errors: {
      'endorsement.not_found': 'Trial not found',
      'endorsement.rating_invalid': 'Please rate from 1 to 5 stars',
      'endorsement.story_too_short': 'Please describe your trial in your own words (at least 10 characters)',
      'endorsement.story_too_long': 'The story can be at most 1000 characters',
      'endorsement.too_many_photos': 'At most 6 photos',
      'endorsement.reason_required': 'Please give a reason for withdrawing',
      'endorsement.already_withdrawn': 'This endorsement has already been withdrawn',
      'groupbuy.not_endorsed': 'The leader has not tried and endorsed this product yet, so it cannot be sold here',
    } as Record<string, string>,
  },
};
