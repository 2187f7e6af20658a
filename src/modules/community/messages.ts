/** Community messages beyond the base catalogue: the welcome gift, members' names, 门牌 and notes (zh-CN, en). */
export default {
  'zh-CN': {
    errors: {
      'welcome.title_length': '入群礼名称 2–40 个字',
      'welcome.description_length': '入群礼说明最多 300 个字',
      'welcome.coupon_invalid': '优惠券码是 4–32 位字母、数字或短横线',
      'welcome.gift_empty': '入群礼需要一个文件（如《家庭应急手册》PDF）或一个优惠券码',
      'member.display_name_required': '请填写您在本小区的称呼（如 李阿姨）',
      'member.display_name_length': '称呼 1–20 个字',
      'member.display_name_phone': '称呼里不能写手机号',
      'member.door_number_length': '门牌最多 30 个字（如 3号楼2单元502）',
      'member.door_number_phone': '门牌里不能写手机号',
      'member.note_length': '备注最多 200 个字',
      'member.not_found': '本小区没有这位成员',
    } as Record<string, string>,
  },
  en: {
    errors: {
      'welcome.title_length': 'Welcome-gift names have 2–40 characters',
      'welcome.description_length': 'At most 300 characters',
      'welcome.coupon_invalid': 'Coupon codes have 4–32 letters, digits or dashes',
      'welcome.gift_empty': 'A welcome gift needs a file (e.g. a family emergency handbook PDF) or a coupon code',
      'member.display_name_required': 'Please give the name you go by here (e.g. Auntie Li)',
      'member.display_name_length': 'Names have 1–20 characters',
      'member.display_name_phone': 'A name cannot contain a phone number',
      'member.door_number_length': 'At most 30 characters (e.g. Building 3, Unit 2, 502)',
      'member.door_number_phone': 'A door number cannot contain a phone number',
      'member.note_length': 'Notes have at most 200 characters',
      'member.not_found': 'No such member in this community',
    } as Record<string, string>,
  },
};
