import { notFound } from "next/navigation";

import { BareMonaco } from "@/components/bench/bare-monaco";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/** Bench-only (WAFER_BENCH_ROUTES): a bare Monaco page in the same build, the IDE's page-load baseline. */
export default function BareMonacoPage() {
  if (!env().WAFER_BENCH_ROUTES) notFound();
  return <BareMonaco />;
}
