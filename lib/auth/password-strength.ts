import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as zxcvbnCommon from "@zxcvbn-ts/language-common";
import * as zxcvbnEn from "@zxcvbn-ts/language-en";

import { AppError } from "@/lib/errors";

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./credentials";

/**
 * zxcvbn's score (0–4, log10 of estimated guesses bands): 0–1 are the common passwords and trivial
 * patterns (sequences, repeats, keyboard walks, a word plus digits) a guessing attack tries first.
 */
export const MIN_PASSWORD_SCORE = 2;

let estimator: ZxcvbnFactory | null = null;

/** Built on first use: the dictionaries are large and only sign-up and password changes need them. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
  });
  return estimator;
}

/**
 * Why a new password is refused, or null when it is fine. `userInputs` (email, name) count as
 * known words, so "alice2024" is weak for alice@….
 */
export function newPasswordProblem(password: string, userInputs: readonly string[] = []): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  const inputs = userInputs.flatMap((input) => [input, ...input.split(/[@.\s_+-]+/)]).filter((word) => word.length >= 3);
  const result = zxcvbn().check(password, inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const why = result.feedback.warning ? `${result.feedback.warning} ` : "";
  return `This password is too easy to guess. ${why}Try a longer phrase of a few unrelated words.`;
}

/** Throws the refusal as a visible bad_request:auth. */
export function assertStrongNewPassword(password: string, userInputs: readonly string[] = []): void {
  const problem = newPasswordProblem(password, userInputs);
  if (problem) throw new AppError("bad_request:auth", { message: problem });
}
