/** What any SMS gateway (Aliyun, Tencent Cloud …) must offer. */
export interface SmsProvider {
  readonly name: string;
  send(phone: string, text: string): Promise<void>;
}

/** Development provider: the message goes to the server log instead of a phone. */
export class LogSmsProvider implements SmsProvider {
  readonly name = 'log';
  constructor(private readonly log: (line: string) => void = (line) => console.log(line)) {}
  async send(phone: string, text: string): Promise<void> {
    this.log(`[短信 SMS → ${phone}] ${text}`);
  }
}

/** Keeps messages in memory; tests read the codes from it. */
export class MemorySmsProvider implements SmsProvider {
  readonly name = 'memory';
  readonly sent: { phone: string; text: string }[] = [];
  async send(phone: string, text: string): Promise<void> {
    this.sent.push({ phone, text });
  }
  lastCodeFor(phone: string): string | undefined {
    const msg = [...this.sent].reverse().find((m) => m.phone === phone);
    return msg?.text.match(/\d{6}/)?.[0];
  }
}
