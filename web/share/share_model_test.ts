import assert from "node:assert/strict";
import { ApiError } from "../api.ts";
import { ShareModel } from "./share_model.ts";

function fakeApi(verified = false) {
  const calls: string[] = [];
  return {
    calls,
    share: (shotId: string) => {
      calls.push(`share ${shotId}`);
      return Promise.resolve({ id: "s1", token: "t", url: "https://alley/s/t", qrSvg: "<svg/>" });
    },
    phone: () => Promise.resolve({ phone: verified ? "+15550001111" : null, verified }),
    sendCode: (phone: string) => {
      calls.push(`code ${phone}`);
      return Promise.resolve({ phone: "+15557654321" });
    },
    verifyCode: (code: string) => {
      calls.push(`verify ${code}`);
      if (code !== "123456") {
        return Promise.reject(
          new ApiError({
            status: 403,
            code: "phone_code_wrong",
            detail: "This code is not the one sent",
          }),
        );
      }
      return Promise.resolve({ phone: "+15557654321", verified: true });
    },
    text: (shotId: string) => {
      calls.push(`text ${shotId}`);
      return Promise.resolve({ shareId: "s2", url: "u", messageId: "m", to: "••4321", mms: true });
    },
  };
}

Deno.test("the share dialog makes a link, verifies a number by its code, then texts the link", async () => {
  const api = fakeApi();
  const model = new ShareModel("shot-1", api);
  await model.open();
  assert.equal(model.link.value?.url, "https://alley/s/t");
  assert.equal(model.sms.value, "phone");
  await model.sendCode("+1 555 765 4321");
  assert.equal(model.sms.value, "code");
  await model.verify("000000");
  assert.equal(model.sms.value, "code", "a wrong code keeps the code step");
  assert.equal(model.error.value, "This code is not the one sent");
  await model.verify("123456");
  assert.equal(model.sms.value, "ready");
  assert.equal(model.error.value, null);
  await model.text();
  assert.equal(model.sms.value, "sent");
  assert.equal(model.sentTo.value, "••4321");
  assert.deepEqual(api.calls, [
    "share shot-1",
    "code +1 555 765 4321",
    "verify 000000",
    "verify 123456",
    "text shot-1",
  ]);
});

Deno.test("a verified viewer can text at once; a refused text goes back to ready", async () => {
  const api = fakeApi(true);
  api.text = () =>
    Promise.reject(
      new ApiError({ status: 429, code: "too_many_texts", detail: "At most 10 texts an hour" }),
    );
  const model = new ShareModel("shot-1", api);
  await model.open();
  assert.equal(model.sms.value, "ready");
  await model.text();
  assert.equal(model.sms.value, "ready");
  assert.equal(model.error.value, "At most 10 texts an hour");
});
