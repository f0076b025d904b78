/** A request/response client for the SFU's WebSocket signaling protocol (see core/signaling.ts). */
import type { SignalMethod, SignalNotification, SignalResponse } from "../core/signaling.ts";

export class SignalingError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = "SignalingError";
  }
}

export class SignalingClient {
  #ws: WebSocket;
  #next = 1;
  #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  onNotification?: (n: SignalNotification) => void;
  onClose?: () => void;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.onmessage = (e) => {
      const msg = JSON.parse(String(e.data)) as SignalResponse | SignalNotification;
      if ("notification" in msg) return this.onNotification?.(msg);
      const p = this.#pending.get(msg.id);
      if (!p) return;
      this.#pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.data);
      else p.reject(new SignalingError(msg.error.status, msg.error.detail));
    };
    ws.onclose = () => {
      for (const p of this.#pending.values()) p.reject(new SignalingError(0, "Signaling closed"));
      this.#pending.clear();
      this.onClose?.();
    };
  }

  static open(url: string, timeoutMs = 5000): Promise<SignalingClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const timer = setTimeout(() => {
        ws.close();
        reject(new SignalingError(0, "Timed out opening signaling"));
      }, timeoutMs);
      ws.onopen = () => {
        clearTimeout(timer);
        resolve(new SignalingClient(ws));
      };
      ws.onerror = () => {
        clearTimeout(timer);
        reject(new SignalingError(0, `Cannot open signaling at ${url.replace(/token=[^&]+/, "token=…")}`));
      };
    });
  }

  get open(): boolean {
    return this.#ws.readyState === WebSocket.OPEN;
  }

  request<T = unknown>(method: SignalMethod, data: Record<string, unknown> = {}): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#ws.send(JSON.stringify({ id, method, data }));
    });
  }

  close(): void {
    this.#ws.close();
  }
}
