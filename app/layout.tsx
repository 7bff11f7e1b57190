import type { Metadata } from "next";
import type { ReactNode } from "react";

import { connection } from "next/server";

import { themeScript } from "@/lib/http/security-headers";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Wafer", template: "%s · Wafer" },
  description: "A browser IDE for pair-programming with a very fast model.",
};

// Every page renders per request, so Next can put proxy.ts's CSP nonce on its scripts.
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="h-full bg-white font-sans text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        {children}
      </body>
    </html>
  );
}
