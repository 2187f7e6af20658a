import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export type ProviderPayoutStatus = 'PROCESSING' | 'PAID' | 'FAILED';

/**
 * What a payout provider (WeChat Pay 商家转账, Alipay 转账 …) offers Linli: it sends money to a
 * leader and later tells us, in a signed notification, whether it arrived or failed.
 */
export interface PayoutProvider {
  readonly name: string;
  /** Starts a payout; idempotent per payoutId (a retry returns the same reference). */
  sendPayout(input: { payoutId: string; leaderId: string; amountFen: number }): Promise<{ providerRef: string }>;
  /** Checks a notification's signature and reads which payout was paid or failed. */
  parseNotification(body: unknown, signature: string | undefined): { providerRef: string; amountFen: number; status: 'PAID' | 'FAILED'; reason: string } | null;
  /** The provider's own record of every payout (its statement), for reconciliation. */
  statement(): Promise<{ providerRef: string; payoutId: string; amountFen: number; status: ProviderPayoutStatus }[]>;
}

type Note = { providerRef: string; amountFen: number; status: 'PAID' | 'FAILED'; reason: string };

/**
 * The built-in sandbox: keeps its own record of payouts (as a real provider's statement would) and
 * produces the same kind of signed notification a real provider sends when one is paid or fails.
 */
export class SandboxPayoutProvider implements PayoutProvider {
  readonly name = 'sandbox';
  /** The provider's record, by reference. Tests may change it to see reconciliation fail. */
  readonly records = new Map<string, { payoutId: string; amountFen: number; status: ProviderPayoutStatus }>();
  /** Make the next sendPayout calls throw (a provider outage). */
  failSends = 0;
  constructor(private readonly secret: string = randomUUID()) {}

  async sendPayout(input: { payoutId: string; leaderId: string; amountFen: number }) {
    if (this.failSends > 0) {
      this.failSends -= 1;
      throw new Error('sandbox payout provider unavailable');
    }
    const providerRef = `sbxp_${input.payoutId.replace(/-/g, '')}`;
    if (!this.records.has(providerRef)) this.records.set(providerRef, { payoutId: input.payoutId, amountFen: input.amountFen, status: 'PROCESSING' });
    return { providerRef };
  }

  /** The bank answered (sandbox: an operator or a test decides): the provider's record changes and it signs a notification. */
  complete(providerRef: string, outcome: 'PAID' | 'FAILED', reason = ''): { body: Note; signature: string } {
    const rec = this.records.get(providerRef);
    if (!rec) throw new Error(`no sandbox payout ${providerRef}`);
    rec.status = outcome;
    const body = { providerRef, amountFen: rec.amountFen, status: outcome, reason };
    return { body, signature: this.sign(body) };
  }

  parseNotification(body: unknown, signature: string | undefined) {
    if (!signature || typeof body !== 'object' || body === null) return null;
    const b = body as Partial<Record<keyof Note, unknown>>;
    if (typeof b.providerRef !== 'string' || typeof b.amountFen !== 'number' || (b.status !== 'PAID' && b.status !== 'FAILED')) return null;
    const note: Note = { providerRef: b.providerRef, amountFen: b.amountFen, status: b.status, reason: typeof b.reason === 'string' ? b.reason : '' };
    const expected = Buffer.from(this.sign(note));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    return note;
  }

  async statement() {
    return [...this.records].map(([providerRef, r]) => ({ providerRef, ...r }));
  }

  private sign(n: Note): string {
    // "payout|" keeps a payment notification's signature from ever passing as a payout's.
    return createHmac('sha256', this.secret).update(`payout|${n.providerRef}|${n.amountFen}|${n.status}|${n.reason}`).digest('hex');
  }
}
