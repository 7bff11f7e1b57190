"use client";

import { useActionState, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { DeletionConfirmation } from "@/lib/auth/account";
import { DELETION_PHRASE } from "@/lib/auth/credentials";
import { initialAccountFormState, type AccountFormState } from "@/lib/auth/form-state";

type FormAction = (state: AccountFormState, formData: FormData) => Promise<AccountFormState>;

export function Section({ id, title, description, children }: { id: string; title: string; description?: ReactNode; children?: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="space-y-4 rounded-lg border border-zinc-200 p-5 dark:border-zinc-800" data-testid={`account-${id}`}>
      <div className="space-y-1">
        <h2 id={`${id}-title`} className="text-base font-semibold">
          {title}
        </h2>
        {description ? <div className="text-sm text-zinc-600 dark:text-zinc-400">{description}</div> : null}
      </div>
      {children}
    </section>
  );
}

function Outcome({ state }: { state: AccountFormState }) {
  if (state.error) {
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-400">
        {state.error}
      </p>
    );
  }
  if (state.done) {
    return (
      <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
        {state.done}
      </p>
    );
  }
  return null;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="block max-w-sm space-y-1 text-sm">
      <span className="font-medium">{label}</span>
      {children}
    </label>
  );
}

export function NameForm({ action, name }: { action: FormAction; name: string }) {
  const [state, formAction, pending] = useActionState(action, initialAccountFormState);
  return (
    <form action={formAction} className="space-y-3" data-testid="name-form">
      <Field label="Name">
        <Input name="name" defaultValue={name} required maxLength={80} autoComplete="name" />
      </Field>
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? "Saving…" : "Save name"}
      </Button>
      <Outcome state={state} />
    </form>
  );
}

export function PasswordForm({ action, done }: { action: FormAction; done?: string }) {
  const [state, formAction, pending] = useActionState(action, { ...initialAccountFormState, done });
  return (
    <form action={formAction} className="space-y-3" data-testid="password-form">
      <Field label="Current password">
        <Input name="currentPassword" type="password" required autoComplete="current-password" />
      </Field>
      <Field label="New password">
        <Input name="newPassword" type="password" required minLength={8} autoComplete="new-password" />
      </Field>
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
      <Outcome state={state} />
    </form>
  );
}

const confirmationFields: Record<DeletionConfirmation, (email: string) => { label: string; name: string; type: "password" | "text" }> = {
  password: () => ({ label: "Your password, to confirm", name: "password", type: "password" }),
  email: (email) => ({ label: `Type your email, ${email}, to confirm`, name: "email", type: "text" }),
  phrase: () => ({ label: `Type "${DELETION_PHRASE}" to confirm`, name: "phrase", type: "text" }),
};

/** A password account confirms with its password; an OAuth-only one types its email, or with none a fixed phrase. */
export function DeleteAccountForm({ action, blocked, confirmWith, email }: { action: FormAction; blocked: boolean; confirmWith: DeletionConfirmation; email: string }) {
  const [state, formAction, pending] = useActionState(action, initialAccountFormState);
  const field = confirmationFields[confirmWith](email);
  return (
    <form action={formAction} className="space-y-3" data-testid="delete-account-form">
      <Field label={field.label}>
        <Input
          name={field.name}
          type={field.type}
          required
          autoComplete={field.type === "password" ? "current-password" : "off"}
          spellCheck={field.type === "password" ? undefined : false}
          disabled={blocked}
        />
      </Field>
      <Button type="submit" variant="danger" disabled={pending || blocked}>
        {pending ? "Deleting…" : "Delete my account"}
      </Button>
      <Outcome state={state} />
    </form>
  );
}
