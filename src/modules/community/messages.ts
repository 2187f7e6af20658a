/** Community messages beyond the base catalogue: the welcome gift (zh-CN, en). */
export default {
  'zh-CN': {
    errors: {
      'welcome.title_length': '入群礼名称 2–40 个字',
      'welcome.description_length': '入群礼说明最多 300 个字',
      'welcome.coupon_invalid': '优惠券码是 4–32 位字母、数字或短横线',
      'welcome.gift_empty': '入群礼需要一个文件（如《家庭应急手册》PDF）或一个优惠券码',
    } as Record<string, string>,
  },
  en: {
    errors: {
      'welcome.title_length': 'Welcome-gift names have 2–40 characters',
      'welcome.description_length': 'At most 300 characters',
      'welcome.coupon_invalid': 'Coupon codes have 4–32 letters, digits or dashes',
      'welcome.gift_empty': 'A welcome gift needs a file (e.g. a family emergency handbook PDF) or a coupon code',
    } as Record<string, string>,
  },
};
