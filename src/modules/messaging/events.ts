/** The events of private messages between residents and their leaders. */
declare module '../../platform/events/service.js' {
  interface EventPayloads {
    'message.sent': { conversationId: string; authorRole: 'resident' | 'leader'; photos: number; orderId: string | null };
    'message.hidden': { conversationId: string; reason: string };
  }
}
export {};
