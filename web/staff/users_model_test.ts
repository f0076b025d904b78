import assert from "node:assert/strict";
import { ApiError } from "../api.ts";
import type { AdminUser } from "./staff_api.ts";
import { UsersModel } from "./users_model.ts";

const SAM: AdminUser = {
  id: "u1",
  email: "sam@alley.test",
  displayName: "Sam",
  role: "spectator",
  disabled: false,
  createdAt: "2026-11-21T10:00:00.000Z",
  updatedAt: "2026-11-21T10:00:00.000Z",
};

function model(answer: () => Promise<AdminUser>) {
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const m = new UsersModel({
    listUsers: () => Promise.resolve({ users: [SAM], next: null }),
    updateUser: async () => {
      await gate;
      return await answer();
    },
  });
  return { m, release };
}

Deno.test("UsersModel shows a new role while it is saved, then the stored user", async () => {
  const { m, release } = model(() =>
    Promise.resolve({ ...SAM, role: "staff", updatedAt: "2026-11-21T10:05:00.000Z" })
  );
  await m.list.reload();
  const saving = m.setRole("u1", "staff");
  assert.equal(m.list.items.value![0].role, "staff", "the select keeps the new role while saving");
  assert.equal(m.saving.value, "u1");
  release();
  assert.equal(await saving, true);
  assert.equal(m.list.items.value![0].updatedAt, "2026-11-21T10:05:00.000Z");
  assert.equal(m.saving.value, null);
});

Deno.test("UsersModel puts the old role back and says why when a change is refused", async () => {
  const { m, release } = model(() =>
    Promise.reject(new ApiError({ status: 403, title: "Forbidden", detail: "Admins only" }))
  );
  await m.list.reload();
  const saving = m.setRole("u1", "admin");
  assert.equal(m.list.items.value![0].role, "admin");
  release();
  assert.equal(await saving, false);
  assert.equal(m.list.items.value![0].role, "spectator");
  assert.ok(m.list.error.value, "an error is shown");
});
