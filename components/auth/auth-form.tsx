"use client";

import Link from "next/link";
import { useActionState } from "react";

import { initialAuthFormState, type AuthFormState } from "@/lib/auth/form-state";

type Mode = "sign-in" | "sign-up";

const copy: Record<Mode, { title: string; submit: string; pending: string; switchText: string; switchHref: string; switchLabel: string }> = {
  "sign-in": {
    title: "Sign in to Wafer",
    submit: "Sign in",
    pending: "Signing in…",
    switchText: "New to Wafer?",
    switchHref: "/sign-up",
    switchLabel: "Create an account",
  },
  "sign-up": {
    title: "Create your Wafer account",
    submit: "Create account",
    pending: "Creating account…",
    switchText: "Already have an account?",
    switchHref: "/sign-in",
    switchLabel: "Sign in",
  },
};

const inputClass =
  "w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 dark:border-zinc-700 dark:bg-zinc-900";

export function AuthForm({
  mode,
  action,
  callbackUrl,
  githubAction,
}: {
  mode: Mode;
  action: (state: AuthFormState, formData: FormData) => Promise<AuthFormState>;
  callbackUrl?: string;
  githubAction?: (formData: FormData) => Promise<void>;
}) {
  const [state, formAction, pending] = useActionState(action, initialAuthFormState);
  const text = copy[mode];
  return (
    <div className="w-full max-w-sm space-y-6">
      <div className="space-y-1 text-center">
        <div className="mx-auto mb-4 flex h-10 w-10 items-center justify-center rounded-lg bg-indigo-600 text-lg font-bold text-white">W</div>
        <h1 className="text-xl font-semibold">{text.title}</h1>
      </div>
      <form action={formAction} className="space-y-4" data-testid={`${mode}-form`}>
        {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
        {mode === "sign-up" ? (
          <label className="block space-y-1 text-sm">
            <span>Name</span>
            <input name="name" autoComplete="name" className={inputClass} />
          </label>
        ) : null}
        <label className="block space-y-1 text-sm">
          <span>Email</span>
          <input name="email" type="email" required autoComplete="email" defaultValue={state.email} className={inputClass} />
        </label>
        <label className="block space-y-1 text-sm">
          <span>Password</span>
          <input
            name="password"
            type="password"
            required
            minLength={mode === "sign-up" ? 8 : 1}
            autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
            className={inputClass}
          />
        </label>
        {state.error ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950 dark:text-red-300">
            {state.error}
          </p>
        ) : null}
        <button
          type="submit"
          disabled={pending}
          className="w-full rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
        >
          {pending ? text.pending : text.submit}
        </button>
      </form>
      {githubAction ? (
        <form action={githubAction}>
          {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
          <button
            type="submit"
            className="w-full rounded-md border border-zinc-300 px-3 py-2 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900"
          >
            Continue with GitHub
          </button>
        </form>
      ) : null}
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
        {text.switchText}{" "}
        <Link
          href={callbackUrl && callbackUrl !== "/" ? `${text.switchHref}?callbackUrl=${encodeURIComponent(callbackUrl)}` : text.switchHref}
          className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          {text.switchLabel}
        </Link>
      </p>
    </div>
  );
}
