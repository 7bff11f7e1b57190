export interface AuthFormState {
  error: string | null;
  email?: string;
}

export const initialAuthFormState: AuthFormState = { error: null };
