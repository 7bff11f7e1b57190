import Link from "next/link";

import { ThemeToggle } from "@/components/theme/theme-toggle";
import { buttonClassName } from "@/components/ui/button";

import { StreamingDemo } from "./streaming-demo";

const features = [
  { title: "Edits as fast as it writes", text: "The model's changes land in Monaco while it streams, thousands of tokens a second: no waiting for a whole file." },
  { title: "Review every hunk", text: "Keep or undo each change, or turn on auto-apply. One step takes a whole turn back; checkpoints restore a project." },
  { title: "Share and team up", text: "Send a link and others watch the session live. Team workspaces share projects, roles and plans." },
];

/** `/` for visitors: what Wafer is, a picture of it working, and the way in. No client JavaScript of its own. */
export function LandingPage({ notice }: { notice?: string }) {
  return (
    <div className="min-h-full">
      <header className="mx-auto flex max-w-6xl items-center justify-between px-6 py-4">
        <Link href="/" className="flex items-center gap-2 font-semibold" aria-label="Wafer home">
          <span className="flex size-8 items-center justify-center rounded-lg bg-indigo-600 text-white">W</span>
          <span>Wafer</span>
        </Link>
        <nav className="flex items-center gap-2 text-sm" aria-label="Account">
          <ThemeToggle />
          <Link href="/sign-in" className={buttonClassName({ variant: "ghost", size: "md" })}>
            Sign in
          </Link>
          <Link href="/sign-up" className={buttonClassName({ variant: "primary", size: "md" })}>
            Sign up
          </Link>
        </nav>
      </header>
      <main className="mx-auto max-w-6xl px-6 pt-8 pb-20">
        {notice ? (
          <p role="status" className="mb-6 rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm dark:border-zinc-800 dark:bg-zinc-900">
            {notice}
          </p>
        ) : null}
        <div className="grid items-center gap-10 lg:grid-cols-[1fr_1.15fr]">
          <div className="space-y-6">
            <h1 className="text-4xl font-semibold tracking-tight text-balance sm:text-5xl">Pair-program with a model that writes as fast as you read.</h1>
            <p className="text-lg text-zinc-700 dark:text-zinc-300">
              Wafer is an open-source IDE in your browser. Ask for a change and watch it stream into the editor at thousands of tokens a second, then review
              it hunk by hunk.
            </p>
            <div className="flex flex-wrap gap-3">
              <Link href="/sign-up" className={buttonClassName({ variant: "primary", size: "md", className: "h-10 px-5 text-base" })} data-testid="landing-sign-up">
                Create a free account
              </Link>
              <Link href="/sign-in" className={buttonClassName({ variant: "secondary", size: "md", className: "h-10 px-5 text-base" })}>
                Sign in
              </Link>
            </div>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">No model key needed to try it: a scripted demo model answers until you configure one.</p>
          </div>
          <StreamingDemo />
        </div>
        <ul className="mt-16 grid gap-6 sm:grid-cols-3">
          {features.map((feature) => (
            <li key={feature.title} className="space-y-1.5 rounded-lg border border-zinc-200 p-5 dark:border-zinc-800">
              <h2 className="font-semibold">{feature.title}</h2>
              <p className="text-sm text-zinc-700 dark:text-zinc-300">{feature.text}</p>
            </li>
          ))}
        </ul>
      </main>
    </div>
  );
}
