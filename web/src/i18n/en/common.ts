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
};
export default en;
