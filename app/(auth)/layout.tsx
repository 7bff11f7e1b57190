import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return <main className="flex min-h-full items-center justify-center px-4 py-16">{children}</main>;
}
