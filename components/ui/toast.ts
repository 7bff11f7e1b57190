/** One import path for toasts; <Toaster /> from ./toaster renders them. */
export { toast } from "sonner";
