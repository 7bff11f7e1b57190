import type { Plan } from "@/db/enums";

export type { Plan };
