/** The messaging module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { authorRoles } from './schema.js';
export { MESSAGE_LIMITS, canOpenConversationFiles, getConversation, hideMessage, inbox, markRead, myConversation, sendMessage, writeToLeaders } from './service.js';
export type { MessageInput } from './service.js';
