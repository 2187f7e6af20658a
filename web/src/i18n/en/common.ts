import type zh from '../zh-CN/common';

const en: typeof zh = {
  appName: 'Linli',
  tagline: 'Trust-first community group buying',
  loading: 'Loading…',
  retry: 'Retry',
  empty: 'Nothing here yet',
  error: 'Something went wrong',
  back: 'Back',
  confirm: 'OK',
  cancel: 'Cancel',
  language: '中文',
  /** Between names in a list (「草莓、鸡蛋」, "strawberries, eggs"). */
  listSeparator: ', ',
  logout: 'Log out',
  textSize: {
    glyph: 'A',
    large: 'Larger text',
  },
  login: {
    title: 'Log in with your phone',
    phone: 'Phone',
    phonePlaceholder: '11-digit mobile number',
    code: 'Code',
    codePlaceholder: '6-digit code',
    send: 'Send code',
    resend: 'Resend in {{seconds}} s',
    submit: 'Log in',
    sent: 'Code sent',
    devHint: 'Demo: the code is printed in the server console (the [短信 SMS] line)',
    agree: 'By logging in you accept the Terms and the Privacy Policy',
  },
  home: {
    noCommunity: 'You have not joined a community yet',
    noCommunityHint: 'Ask your group leader for an invitation link or QR code.',
  },
  status: {
    pending_payment: 'Awaiting payment',
    paid: 'Paid',
    confirmed: 'Confirmed',
    ready_for_pickup: 'Ready for pickup',
    picked_up: 'Picked up',
    cancelled: 'Cancelled',
    refunded: 'Refunded',
  },
  groupBuyStatus: {
    scheduled: 'Opening soon',
    open: 'Taking orders',
    closed: 'Closed',
    arrived: 'Arrived',
    cancelled: 'Cancelled',
  },
  units: {
    box_one: 'box', box_other: 'boxes', jin_one: 'jin (500 g)', jin_other: 'jin (500 g each)', piece_one: 'piece', piece_other: 'pieces',
    bottle_one: 'bottle', bottle_other: 'bottles', bag_one: 'bag', bag_other: 'bags', portion_one: 'portion', portion_other: 'portions',
    case_one: 'case', case_other: 'cases', pack_one: 'pack', pack_other: 'packs', kg_one: 'kg', kg_other: 'kg',
    bunch_one: 'bunch', bunch_other: 'bunches', can_one: 'can', can_other: 'cans', set_one: 'set', set_other: 'sets',
    cup_one: 'cup', cup_other: 'cups', egg_one: 'egg', egg_other: 'eggs',
  },
};
export default en;
