export interface AuthFormState {
  error: string | null;
  email?: string;
}

export const initialAuthFormState: AuthFormState = { error: null };

/** An account-page form's answer: an error to show, or what was done. */
export interface AccountFormState {
  error: string | null;
  done?: string;
}

export const initialAccountFormState: AccountFormState = { error: null };
