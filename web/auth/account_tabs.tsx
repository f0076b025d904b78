import { useSignal } from "@preact/signals";
import { LoginForm } from "./login_page.tsx";
import type { AuthSession } from "./session.ts";
import { SignupForm } from "./signup_form.tsx";

export interface AccountTabsProps {
  auth: AuthSession;
  /** Called once signed in (signing up finishes through the mailed link instead). */
  onDone?: () => void;
  /** The sign-up form's button. */
  signupLabel?: string;
}

/** "New here" (sign up) or "I have an account" (sign in), for pages a visitor must sign in on. */
export function AccountTabs({ auth, onDone, signupLabel }: AccountTabsProps) {
  const mode = useSignal<"signup" | "login">("signup");
  return (
    <>
      <div class="tabs" role="tablist">
        <button
          type="button"
          role="tab"
          class="tabs__tab"
          aria-selected={mode.value === "signup"}
          onClick={() => mode.value = "signup"}
        >
          New here
        </button>
        <button
          type="button"
          role="tab"
          class="tabs__tab"
          aria-selected={mode.value === "login"}
          onClick={() => mode.value = "login"}
        >
          I have an account
        </button>
      </div>
      {mode.value === "signup"
        ? <SignupForm auth={auth} submitLabel={signupLabel} />
        : <LoginForm auth={auth} onDone={onDone} />}
    </>
  );
}
