"use client";

import type { ReactNode } from "react";
import { create } from "zustand";

import { Button, type ButtonVariant } from "./button";
import { Dialog } from "./dialog";

export interface Choice<T extends string> {
  value: T;
  label: string;
  variant?: ButtonVariant;
  /** The button focused when the dialog opens (the safe default). */
  autoFocus?: boolean;
}

interface ChoiceRequest {
  title: ReactNode;
  message: ReactNode;
  choices: Choice<string>[];
  cancelValue: string;
  resolve: (value: string) => void;
}

const useChoiceStore = create<{ queue: ChoiceRequest[] }>(() => ({ queue: [] }));

/**
 * Asks the user to pick one of a few answers; resolves with the choice, or `cancelValue` on Escape
 * or a click outside. Needs a <ChoiceDialogHost /> mounted once on the page.
 */
export function askChoice<T extends string>(request: {
  title: ReactNode;
  message: ReactNode;
  choices: Choice<T>[];
  cancelValue: T;
}): Promise<T> {
  return new Promise<T>((resolve) => {
    const entry: ChoiceRequest = { ...request, resolve: resolve as (value: string) => void };
    useChoiceStore.setState((state) => ({ queue: [...state.queue, entry] }));
  });
}

/** Yes/no confirmation; `danger` styles the confirm button for destructive actions. */
export async function confirmAction({
  title,
  message,
  confirmLabel,
  danger = false,
}: {
  title: ReactNode;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
}): Promise<boolean> {
  const answer = await askChoice({
    title,
    message,
    cancelValue: "cancel",
    choices: [
      { value: "cancel", label: "Cancel", variant: "secondary", autoFocus: true },
      { value: "confirm", label: confirmLabel, variant: danger ? "danger" : "primary" },
    ],
  });
  return answer === "confirm";
}

export function ChoiceDialogHost() {
  const current = useChoiceStore((state) => state.queue[0]);

  const answer = (value: string) => {
    if (!current) return;
    useChoiceStore.setState((state) => ({ queue: state.queue.slice(1) }));
    current.resolve(value);
  };

  return (
    <Dialog
      open={current !== undefined}
      onClose={() => answer(current?.cancelValue ?? "")}
      title={current?.title}
      description={current?.message}
      data-testid="choice-dialog"
      footer={current?.choices.map((choice) => (
        <Button
          key={choice.value}
          size="sm"
          variant={choice.variant ?? "secondary"}
          data-autofocus={choice.autoFocus ? "" : undefined}
          onClick={() => answer(choice.value)}
        >
          {choice.label}
        </Button>
      ))}
    />
  );
}
