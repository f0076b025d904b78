/**
 * The share dialog's state: the link and its QR code, and the steps of
 * sending it by text (verify the number by a code, then send).
 */
import { signal } from "@preact/signals";
import { describeError } from "../api.ts";
import type { NewShare, PhoneStatus, ShareApi } from "./share_api.ts";

export type SmsStep = "loading" | "phone" | "code" | "ready" | "sending" | "sent";

export class ShareModel {
  readonly link = signal<NewShare | null>(null);
  readonly error = signal<string | null>(null);
  readonly sms = signal<SmsStep>("loading");
  readonly phone = signal<PhoneStatus | null>(null);
  /** Where the last text went (masked), once sent. */
  readonly sentTo = signal<string | null>(null);
  readonly busy = signal(false);

  constructor(
    readonly shotId: string,
    private api: Pick<ShareApi, "share" | "phone" | "sendCode" | "verifyCode" | "text">,
  ) {}

  /** Makes the link and reads the phone's state. */
  async open(): Promise<void> {
    await this.#run(async () => {
      this.link.value = await this.api.share(this.shotId);
    });
    await this.#run(async () => {
      const phone = this.phone.value = await this.api.phone();
      this.sms.value = phone.verified ? "ready" : "phone";
    });
  }

  async sendCode(phone: string): Promise<void> {
    await this.#run(async () => {
      const sent = await this.api.sendCode(phone);
      this.phone.value = { phone: sent.phone, verified: false };
      this.sms.value = "code";
    });
  }

  async verify(code: string): Promise<void> {
    await this.#run(async () => {
      this.phone.value = await this.api.verifyCode(code);
      this.sms.value = "ready";
    });
  }

  /** Back to typing a number (another one). */
  changeNumber(): void {
    this.sms.value = "phone";
    this.error.value = null;
  }

  async text(): Promise<void> {
    this.sms.value = "sending";
    const ok = await this.#run(async () => {
      const sent = await this.api.text(this.shotId);
      this.sentTo.value = sent.to;
      this.sms.value = "sent";
    });
    if (!ok) this.sms.value = "ready";
  }

  async #run(work: () => Promise<void>): Promise<boolean> {
    this.busy.value = true;
    this.error.value = null;
    try {
      await work();
      return true;
    } catch (error) {
      this.error.value = describeError(error);
      return false;
    } finally {
      this.busy.value = false;
    }
  }
}
