/** The notifications module's public API: what other modules, workflows, queries and routes may use. */
export { listNotifications, markRead, noticeSettings, notify, setNoticeMutes, unreadCounts } from './service.js';
export type { Notice } from './service.js';
