import { z } from "zod";

import { plans, type Plan } from "@/db/enums";

export const planSchema = z.enum(plans);
export type { Plan };
