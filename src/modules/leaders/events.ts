/** The events of leaders' endorsements (a trial, then vouching for a product in a community). */
declare module '../../platform/events/service.js' {
  interface EventPayloads {
    'endorsement.recorded': { productId: string; rating: number };
    'endorsement.withdrawn': { productId: string; reason: string };
  }
}

export {};
