import { AppError } from "@/lib/errors";

/** Dispatched on window when the server answers 403: the caller's role may have changed since the page loaded. */
export const ACCESS_DENIED_EVENT = "wafer:access-denied";

/**
 * Browser-side fetch for Wafer's JSON API: resolves with the parsed body, rejects with the server's
 * AppError (code, message, details) or an `offline:api` error when the request never got an answer.
 */
export async function apiFetch<T>(input: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  let response: Response;
  try {
    response = await fetch(input, {
      ...rest,
      headers: json === undefined ? headers : { "content-type": "application/json", ...headers },
      body: json === undefined ? rest.body : JSON.stringify(json),
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new AppError("offline:api", { cause });
  }
  if (!response.ok) {
    const error = await AppError.fromResponse(response);
    if (error.type === "forbidden" && typeof window !== "undefined") window.dispatchEvent(new CustomEvent(ACCESS_DENIED_EVENT, { detail: error.code }));
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Each segment encoded on its own so `/` stays a separator and `#`, `?`, `%` survive the trip. */
export function filePathUrl(projectId: string, path: string): string {
  return `/api/projects/${projectId}/files/${path.split("/").map(encodeURIComponent).join("/")}`;
}
