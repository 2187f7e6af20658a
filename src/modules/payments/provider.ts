import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * What a payment provider (WeChat Pay, Alipay …) offers Linli. The platform collects the money and
 * holds it; the provider tells us of success through a signed notification.
 */
export interface PaymentProvider {
  readonly name: string;
  /** Starts a payment; the resident is sent to `payUrl` (or the app SDK is invoked with it). */
  createPayment(input: { paymentId: string; amountFen: number; description: string }): Promise<{ providerRef: string; payUrl: string }>;
  /** Checks a notification's signature and reads which payment succeeded. */
  parseNotification(body: unknown, signature: string | undefined): { providerRef: string; amountFen: number } | null;
  /** Refunds all or part of a payment; idempotent per refundId. */
  refund(input: { providerRef: string; refundId: string; amountFen: number }): Promise<void>;
}

/**
 * The built-in sandbox: stands in for WeChat Pay/Alipay. "Paying" happens on Linli's own sandbox
 * page; the sandbox then produces the same kind of signed notification a real provider sends.
 */
export class SandboxPaymentProvider implements PaymentProvider {
  readonly name = 'sandbox';
  readonly refunds = new Map<string, { providerRef: string; amountFen: number }>();
  private readonly amounts = new Map<string, number>();
  constructor(private readonly secret: string = randomUUID()) {}

  async createPayment(input: { paymentId: string; amountFen: number }) {
    const providerRef = `sbx_${input.paymentId.replace(/-/g, '')}`;
    this.amounts.set(providerRef, input.amountFen);
    return { providerRef, payUrl: `/pay/${input.paymentId}` };
  }

  /** The resident pressed "confirm" on the sandbox page: build the provider's notification. */
  confirm(providerRef: string, amountFen: number): { body: { providerRef: string; amountFen: number; status: 'SUCCESS' }; signature: string } {
    const body = { providerRef, amountFen, status: 'SUCCESS' as const };
    return { body, signature: this.sign(body) };
  }

  parseNotification(body: unknown, signature: string | undefined) {
    if (!signature || typeof body !== 'object' || body === null) return null;
    const b = body as { providerRef?: unknown; amountFen?: unknown; status?: unknown };
    if (typeof b.providerRef !== 'string' || typeof b.amountFen !== 'number' || b.status !== 'SUCCESS') return null;
    const expected = Buffer.from(this.sign({ providerRef: b.providerRef, amountFen: b.amountFen, status: 'SUCCESS' }));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    return { providerRef: b.providerRef, amountFen: b.amountFen };
  }

  async refund(input: { providerRef: string; refundId: string; amountFen: number }) {
    if (!this.refunds.has(input.refundId)) this.refunds.set(input.refundId, { providerRef: input.providerRef, amountFen: input.amountFen });
  }

  private sign(body: { providerRef: string; amountFen: number; status: string }): string {
    return createHmac('sha256', this.secret).update(`${body.providerRef}|${body.amountFen}|${body.status}`).digest('hex');
  }
}
