import type zh from '../zh-CN/moderation';

const en: typeof zh = {
  menu: 'Reports',
  title: 'Reported content',
  subtitle: 'Posts and comments residents reported. Leaders handle their own community first; these are the ones still open platform-wide. Hiding keeps the reason, which residents see.',
  empty: 'No open reports',
  columns: { community: 'Community', target: 'Content', reason: 'Reason', people: 'Author / reporter', time: 'Reported', actions: 'Decision' },
  target: { post: 'post', comment: 'comment' },
  by: 'by {{author}} · reported by {{reporter}}',
  hide: 'Hide',
  dismiss: 'Dismiss',
  hideTitle: 'Hide this {{target}}?',
  hideReason: 'Reason (residents will see it)',
  hideReasonPlaceholder: 'e.g. advertising, private contact details',
  hideOk: 'Hide',
  dismissTitle: 'Dismiss this report?',
  dismissBody: 'The content stays visible and the report is closed.',
  done: 'Done',
  reasonRequired: 'Give a reason (2–200 characters)',
};
export default en;
